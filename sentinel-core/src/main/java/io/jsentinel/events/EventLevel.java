package io.jsentinel.events;

/**
 * The Redis log level an event is logged at. {@link #DEBUG} events are log-only: Redis does not publish
 * them on pub/sub.
 */
public enum EventLevel {
    DEBUG, VERBOSE, NOTICE, WARNING
}
