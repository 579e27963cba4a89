package io.jsentinel.events;

import java.time.Instant;
import java.util.Objects;

/**
 * What every event carries, whatever its kind. The Redis channel and payload are not stored: they are
 * rendered from the event's fields ({@link SentinelEvent#type()}, {@link SentinelEvent#message()}).
 *
 * @param level the Redis log level the sentinel logs the event at
 * @param masterName the master the event concerns, or null (TILT, scripts)
 * @param time when the sentinel emitted it (wall clock)
 */
public record EventInfo(EventLevel level, String masterName, Instant time) {
    /** Checks level and time are present. */
    public EventInfo {
        Objects.requireNonNull(level, "level must not be null");
        Objects.requireNonNull(time, "time must not be null");
    }

    /** False for log-only (debug) events, which Redis does not publish on pub/sub. */
    public boolean published() {
        return level != EventLevel.DEBUG;
    }
}
