package io.jsentinel.event;

import io.jsentinel.events.SentinelEvent;

/** Receives every event; called on the sentinel loop, so implementations must not block. */
@FunctionalInterface
public interface EventSink {
    void accept(SentinelEvent event);
}
