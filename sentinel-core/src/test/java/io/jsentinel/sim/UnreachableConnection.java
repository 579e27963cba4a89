package io.jsentinel.sim;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.resp.RespValue;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** A connection to an address where no simulated process lives: it times out. */
final class UnreachableConnection implements Connection {
    private boolean closed;

    UnreachableConnection(World world, SimSentinel owner, ConnectionListener listener) {
        int inc = owner.incarnation;
        world.sched.after(10_000, () -> {
            if (!closed && owner.alive && owner.incarnation == inc) {
                closed = true;
                listener.onDisconnected(this, new IOException("connection timed out"));
            }
        });
    }

    @Override
    public void send(List<byte[]> argv, Consumer<RespValue> cb) {
        if (cb != null) {
            cb.accept(null);
        }
    }

    @Override
    public boolean isOpen() {
        return false;
    }

    @Override
    public String localAddress() {
        return null;
    }

    @Override
    public void close() {
        closed = true;
    }
}
