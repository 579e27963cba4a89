/**
 * Typed sentinel events: one record per event kind of Redis Sentinel 7.0 (protocol doc §7.2). The sentinel
 * emits these records; Redis' channel and payload text are rendered from their fields. Public API.
 */
package io.jsentinel.events;
