package io.jsentinel.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters behind INFO stats; also the hook for metrics (read them, never reset them). */
public final class ServerStats {
    public final LongAdder connectionsReceived = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    public final LongAdder commands = new LongAdder();
    public final LongAdder errorReplies = new LongAdder();
    public final LongAdder inputBytes = new LongAdder();
    public final LongAdder outputBytes = new LongAdder();
    public final LongAdder reads = new LongAdder();
}
