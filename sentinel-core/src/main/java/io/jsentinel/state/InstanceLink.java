package io.jsentinel.state;

import io.jsentinel.link.Connection;

/**
 * The connections to one instance and their timers (protocol doc §2). A link to a peer sentinel is
 * shared by every master under which that peer is known ({@link #refcount}).
 */
public final class InstanceLink {
    public int refcount = 1;
    /** True while a required connection is missing (command, and pub/sub for Redis nodes). */
    public boolean disconnected = true;
    public int pendingCommands;
    public Connection cc;
    public Connection pc;
    public long ccConnTime;
    public long pcConnTime;
    public long pcLastActivity;
    /** Last valid PING reply (PONG, LOADING, MASTERDOWN). */
    public long lastAvailTime;
    /** When a connection attempt was last refused (a host answers there); 0: never. */
    public long lastRefusedTime;
    /** Time of the oldest PING still unanswered, 0 when none is pending. */
    public long actPingTime;
    /** Time the last PING was sent. */
    public long lastPingTime;
    /** Last reply of any kind to a PING. */
    public long lastPongTime;
    /** Last reconnection attempt. */
    public long lastReconnTime;

    public InstanceLink(long now) {
        lastAvailTime = now;
        actPingTime = now;
        lastPongTime = now;
    }

    public boolean commandConnected() {
        return cc != null && cc.isOpen();
    }

    /** Closes both connections and resets the pending count; the link stays usable for reconnection. */
    public void closeConnections() {
        Connection c = cc;
        Connection p = pc;
        cc = null;
        pc = null;
        pendingCommands = 0;
        disconnected = true;
        if (c != null) {
            c.close();
        }
        if (p != null) {
            p.close();
        }
    }
}
