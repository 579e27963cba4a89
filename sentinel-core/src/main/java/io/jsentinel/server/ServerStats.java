package io.jsentinel.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters behind INFO stats; also the hook for metrics (read them, never reset them). */
public final class ServerStats {
    public final LongAdder connectionsReceived = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    public final LongAdder commands = new LongAdder();
    /** Commands by lower-case name (unknown commands as {@code unknown}). */
    public final java.util.concurrent.ConcurrentHashMap<String, LongAdder> commandsByName =
            new java.util.concurrent.ConcurrentHashMap<>();
    public final LongAdder errorReplies = new LongAdder();
    public final LongAdder inputBytes = new LongAdder();
    public final LongAdder outputBytes = new LongAdder();
    public final LongAdder reads = new LongAdder();

    public void countCommand(String name) {
        commandsByName.computeIfAbsent(name, n -> new LongAdder()).increment();
    }
}
