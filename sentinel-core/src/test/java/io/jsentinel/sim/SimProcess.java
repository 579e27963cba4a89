package io.jsentinel.sim;

import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import java.util.ArrayList;
import java.util.List;

/** A process listening on one address: it can crash, restart and be paused (SIGSTOP). */
abstract class SimProcess {
    final World world;
    /** Where it listens; a pod that restarts elsewhere ({@code MOVE_*} faults) comes back at another one. */
    Endpoint addr;
    boolean alive = true;
    boolean paused;
    /** Bumped on every crash so that stale events of an earlier life are ignored. */
    int incarnation;
    /** Connections accepted by this process in its current life. */
    final List<SimConnection> accepted = new ArrayList<>();
    /** Virtual time of the last SIGCONT; 0 if never paused. */
    long resumedAt;

    /**
     * What {@link #handle} returns for a command the server holds back (a client pause): no reply yet, and the
     * connection reads nothing more until the server runs it again.
     */
    static final RespValue POSTPONED = new RespValue.SimpleString("POSTPONED");

    SimProcess(World world, Endpoint addr) {
        this.world = world;
        this.addr = addr;
    }

    String host() {
        return addr.host();
    }

    /** Executes one command that arrived on an accepted connection; returns the reply. */
    abstract RespValue handle(SimConnection c, List<byte[]> argv);

    /** Kills the process: every accepted connection is reset (the kernel answers with RST). */
    void crash() {
        alive = false;
        paused = false;
        incarnation++;
        for (SimConnection c : List.copyOf(accepted)) {
            c.resetByServer();
        }
        accepted.clear();
    }

    /** The server side of {@code c} went away (client closed or crashed, or the server killed it). */
    void forget(SimConnection c) {
        accepted.remove(c);
    }
}
