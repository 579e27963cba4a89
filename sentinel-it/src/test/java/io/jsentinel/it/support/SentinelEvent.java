package io.jsentinel.it.support;

import java.time.Instant;

/**
 * One pub/sub event a sentinel published, as received by a {@code PSUBSCRIBE *} subscriber.
 *
 * @param type       the channel, e.g. {@code +sdown}
 * @param message    the payload
 * @param nanos      {@link System#nanoTime()} on receipt, for latency assertions
 * @param receivedAt wall time on receipt, for humans
 */
public record SentinelEvent(String type, String message, long nanos, Instant receivedAt) {
    @Override
    public String toString() {
        return receivedAt + " " + type + " " + message;
    }
}
