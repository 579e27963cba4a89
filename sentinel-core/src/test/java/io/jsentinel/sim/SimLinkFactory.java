package io.jsentinel.sim;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.LinkFactory;
import java.io.IOException;

/**
 * The links of one sentinel life: connections over the simulated network. Callbacks run on the
 * simulation thread, which plays the part of the sentinel loop.
 */
final class SimLinkFactory implements LinkFactory {
    private final World world;
    private final SimSentinel owner;

    SimLinkFactory(World world, SimSentinel owner) {
        this.world = world;
        this.owner = owner;
    }

    @Override
    public Connection openCommand(Endpoint target, ConnectionListener listener) {
        return open(target, listener, false);
    }

    @Override
    public Connection openPubSub(Endpoint target, ConnectionListener listener) {
        return open(target, listener, true);
    }

    private Connection open(Endpoint target, ConnectionListener listener, boolean pubsub) {
        SimProcess server = world.process(target);
        if (server == null) {
            // Nobody at that address: a host that never answers.
            return new UnreachableConnection(world, owner, listener);
        }
        SimConnection c = new SimConnection(world, owner, server, listener, pubsub);
        owner.connections.add(c);
        return c;
    }

    @Override
    public void close() {
    }

    /** A connection to an address where no simulated process lives: it times out. */
    private static final class UnreachableConnection implements Connection {
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
        public void send(java.util.List<byte[]> argv, java.util.function.Consumer<io.jsentinel.resp.RespValue> cb) {
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
}
