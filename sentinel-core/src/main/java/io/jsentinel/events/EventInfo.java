package io.jsentinel.events;

import java.time.Instant;

/**
 * What every event carries, whatever its kind.
 *
 * @param type the Redis channel name, e.g. {@code +switch-master}
 * @param message the Redis payload, exactly as published on the channel
 * @param masterName the master the event concerns, or null (TILT, scripts)
 * @param time when the sentinel emitted it (wall clock)
 * @param published false for log-only (debug) events, which Redis does not publish on pub/sub
 */
public record EventInfo(String type, String message, String masterName, Instant time, boolean published) {
}
