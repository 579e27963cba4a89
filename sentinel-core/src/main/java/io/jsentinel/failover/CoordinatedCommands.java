package io.jsentinel.failover;

import io.jsentinel.link.Connection;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.Instance;
import java.util.function.Consumer;

/**
 * What a coordinated switchover sends to the nodes (docs/switchover.md): the primary's FAILOVER under a write
 * pause, the clean-up after the promotion, and the undo of an aborted attempt. Replies matter only for the
 * FAILOVER transaction, whose refusal aborts the switchover at once.
 */
final class CoordinatedCommands {
    private final Monitor monitor;
    private final Announcer announcer;

    CoordinatedCommands(Monitor monitor, Announcer announcer) {
        this.monitor = monitor;
        this.announcer = announcer;
    }

    /**
     * {@code MULTI / CLIENT PAUSE <t> WRITE / FAILOVER TO <host> <port> TIMEOUT <t> / EXEC} on the primary. The
     * sentinel's own pause keeps writers blocked past the role swap, until the clean-up disconnects them; the
     * primary's FAILOVER waits until the target has every write, or gives up after {@code t} and resumes writes.
     *
     * @param outcome gets the primary's answer to the transaction; not called when the link drops first
     * @return false when the primary's command link is down
     */
    boolean sendFailover(Instance master, Instance target, long pauseMillis, Consumer<Answer> outcome) {
        Connection c = master.link.cc;
        if (c == null || !c.isOpen()) {
            return false;
        }
        String t = Long.toString(pauseMillis);
        String[] queueRefusal = new String[1];
        Consumer<RespValue> queued = r -> {
            if (r instanceof RespValue.Error e && queueRefusal[0] == null) {
                queueRefusal[0] = e.text();
            }
        };
        monitor.send(c, master, null, master.command("MULTI"));
        monitor.send(c, master, queued, master.command("CLIENT"), "PAUSE", t, "WRITE");
        monitor.send(c, master, queued, master.command("FAILOVER"), "TO", announcer.host(target.addr),
                Integer.toString(target.addr.port()), "TIMEOUT", t);
        monitor.send(c, master, reply -> outcome.accept(new Answer(refusal(reply, queueRefusal[0]),
                reply instanceof RespValue.Array a && !a.items().isEmpty() && !(a.items().get(0) instanceof RespValue.Error))),
                master.command("EXEC"));
        return true;
    }

    /**
     * The primary's answer to the FAILOVER transaction.
     *
     * @param refusal  null when it took both commands, else its first error (an ACL refusal when queued, a target
     *                 that is not an online replica, another FAILOVER already running, ...)
     * @param pauseRan whether our CLIENT PAUSE ran (EXEC ran it even if FAILOVER then failed)
     */
    record Answer(String refusal, boolean pauseRan) {
        /** Redis' refusal when someone else's FAILOVER runs on the primary: theirs must not be undone. */
        boolean anotherFailoverRuns() {
            return refusal != null && refusal.contains("already in progress");
        }
    }

    /** The first error of the transaction: a command refused when queued (EXECABORT), or one that failed in EXEC. */
    static String refusal(RespValue execReply, String queueRefusal) {
        if (queueRefusal != null) {
            return queueRefusal;
        }
        if (execReply instanceof RespValue.Error e) {
            return e.text();
        }
        if (execReply instanceof RespValue.Array a) {
            for (RespValue item : a.items()) {
                if (item instanceof RespValue.Error e) {
                    return e.text();
                }
            }
            return null;
        }
        return "unexpected reply to EXEC: " + execReply;
    }

    /**
     * After the promotion, on the old primary and on the new one: persist the roles, disconnect the clients (they
     * reconnect and ask the sentinels; on the old primary their blocked writes never ran) and lift our pause.
     */
    void finish(Instance ri) {
        Connection c = ri.link.cc;
        if (c == null || !c.isOpen()) {
            return;
        }
        monitor.send(c, ri, null, ri.command("MULTI"));
        monitor.send(c, ri, null, ri.command("CONFIG"), "REWRITE");
        monitor.send(c, ri, null, ri.command("CLIENT"), "KILL", "TYPE", "normal");
        monitor.send(c, ri, null, ri.command("CLIENT"), "KILL", "TYPE", "pubsub");
        monitor.send(c, ri, null, ri.command("CLIENT"), "UNPAUSE");
        monitor.send(c, ri, null, ri.command("EXEC"));
    }

    /**
     * Undoes an aborted attempt whose FAILOVER the primary accepted: lifts our pause and, when it still waits for
     * the replica as a master, its FAILOVER too, so writes resume at once and the topology is as it was. A primary
     * that has already handed over (it reports the replica role) keeps its FAILOVER: aborting then could make two
     * masters.
     */
    void undo(Instance master, boolean stillWaitingForReplica) {
        Connection c = master.link.cc;
        if (c == null || !c.isOpen()) {
            return;
        }
        if (stillWaitingForReplica) {
            monitor.send(c, master, null, master.command("FAILOVER"), "ABORT");
        }
        unpause(master);
    }

    /** Lifts our pause after a refused FAILOVER (EXEC ran the pause before FAILOVER failed). */
    void unpause(Instance master) {
        Connection c = master.link.cc;
        if (c != null && c.isOpen()) {
            monitor.send(c, master, null, master.command("CLIENT"), "UNPAUSE");
        }
    }
}
