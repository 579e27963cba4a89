/** Sentinel events in Redis' exact text, and their fan-out. */
package io.jsentinel.event;
