/**
 * Typed sentinel events: one record per event kind of Redis Sentinel 7.0 (protocol doc §7.2), parsed from
 * Redis' event text by {@link io.jsentinel.events.EventParser}. Public API.
 */
package io.jsentinel.events;
