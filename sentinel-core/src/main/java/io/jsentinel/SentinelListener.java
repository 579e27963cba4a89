package io.jsentinel;

import io.jsentinel.events.SentinelEvent;

/**
 * Receives typed sentinel events. Each listener has its own thread and a bounded queue, so a slow listener
 * never delays the sentinel; when its queue is full, new events for that listener are dropped and counted
 * ({@link RunningSentinel#droppedEvents()}). Events reach one listener in order.
 */
@FunctionalInterface
public interface SentinelListener {
    /** Called on the listener's own thread; exceptions are logged and ignored. */
    void onEvent(SentinelEvent event);
}
