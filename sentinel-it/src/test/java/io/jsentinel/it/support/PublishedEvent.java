package io.jsentinel.it.support;

import java.time.Instant;

/**
 * One pub/sub message a running sentinel process (ours or redis-sentinel) published, as received by a
 * {@code PSUBSCRIBE *} subscriber: only the text on the wire, unlike the core's typed events.
 *
 * @param type       the channel, e.g. {@code +sdown}
 * @param message    the payload
 * @param nanos      {@link System#nanoTime()} on receipt, for latency assertions
 * @param receivedAt wall time on receipt, for humans
 */
public record PublishedEvent(String type, String message, long nanos, Instant receivedAt) {
    @Override
    public String toString() {
        return receivedAt + " " + type + " " + message;
    }
}
