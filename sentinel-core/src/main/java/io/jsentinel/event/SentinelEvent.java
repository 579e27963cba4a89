package io.jsentinel.event;

/**
 * One sentinel event (protocol doc §7): published on the channel {@code type} with payload
 * {@code message}, and logged as {@code "<type> <message>"}.
 *
 * @param type    the channel name, e.g. {@code +sdown}
 * @param message the payload, e.g. {@code master mymaster 127.0.0.1 6379}
 * @param level   the level at which it is logged; DEBUG events are log-only
 * @param masterName the master the event concerns, or null (epoch, tilt, script events)
 * @param wallMillis when it happened, wall clock
 */
public record SentinelEvent(String type, String message, EventLevel level, String masterName, long wallMillis) {

    /** The line Redis logs for this event, without the log prefix. */
    public String logText() {
        return type + " " + message;
    }

    /** Published on pub/sub (every level but DEBUG). */
    public boolean published() {
        return level != EventLevel.DEBUG;
    }
}
