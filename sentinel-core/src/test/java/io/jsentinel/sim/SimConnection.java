package io.jsentinel.sim;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.resp.RespValue;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One simulated TCP connection from a sentinel to a process: both its client side (the
 * {@link Connection} the core uses) and its server side (MULTI state, subscription). Each direction is
 * an in-order pipe: a partition stalls it (nothing is lost, nothing reordered), a crash resets it.
 */
final class SimConnection implements Connection {
    private enum State { CONNECTING, OPEN, CLOSED }

    private static final long CONNECT_TIMEOUT = 10_000;
    private static final long STALL_RETRY = 100;

    final World world;
    final SimSentinel client;
    final int clientIncarnation;
    final SimProcess server;
    /** The address dialled: a process that has since moved elsewhere no longer answers there. */
    private final io.jsentinel.link.Endpoint target;
    int serverIncarnation;
    final ConnectionListener listener;
    final boolean pubsub;
    final long id;
    private final long delay;
    private State state = State.CONNECTING;
    private final Deque<Consumer<RespValue>> pending = new ArrayDeque<>();
    private final Pipe toServer;
    private final Pipe toClient;
    /** The server no longer reads this connection (it crashed or killed it). */
    private boolean serverGone;

    // Server-side state.
    boolean inMulti;
    final List<List<byte[]>> queued = new ArrayList<>();
    boolean subscribed;
    /**
     * Commands read while the server holds this client (a client pause), oldest first; the first is the one
     * that was held. Redis stops reading a blocked client's pipeline, so the rest wait behind it.
     */
    private final Deque<List<byte[]>> postponed = new ArrayDeque<>();

    SimConnection(World world, SimSentinel client, SimProcess server, ConnectionListener listener, boolean pubsub) {
        this.world = world;
        this.client = client;
        this.clientIncarnation = client.incarnation;
        this.server = server;
        this.target = server.addr;
        this.listener = listener;
        this.pubsub = pubsub;
        this.id = world.nextConnectionId();
        this.delay = world.net.connectionDelay(world.rnd, client.host(), server.host());
        this.toServer = new Pipe(client.host(), server, true);
        this.toClient = new Pipe(server.host(), client, false);
        long start = world.sched.now();
        world.sched.after(delay, () -> tryConnect(start));
    }

    private boolean clientGone() {
        return !client.alive || client.incarnation != clientIncarnation;
    }

    private void tryConnect(long start) {
        if (state != State.CONNECTING || clientGone()) {
            return;
        }
        if (client.paused) {
            world.sched.after(STALL_RETRY, () -> tryConnect(start));
            return;
        }
        // a pod that came back elsewhere left no host behind at the old address: SYNs go unanswered
        if (world.net.blocked(client.host(), server.host()) || !server.addr.equals(target)) {
            if (world.sched.now() - start >= CONNECT_TIMEOUT) {
                fail(new IOException("connection timed out"));
            } else {
                // SYN retransmissions back off: 1 s, 2 s, 4 s...
                long waited = world.sched.now() - start;
                world.sched.after(Math.max(1000, Math.min(waited, 4000)), () -> tryConnect(start));
            }
            return;
        }
        if (!server.alive) {
            // SYN, then RST back: one more trip.
            world.sched.after(delay, () -> {
                if (state == State.CONNECTING && !clientGone()) {
                    fail(new IOException("Connection refused"));
                }
            });
            return;
        }
        // A paused server's kernel still completes the handshake.
        serverIncarnation = server.incarnation;
        server.accepted.add(this);
        world.sched.after(delay, () -> {
            if (state != State.CONNECTING || clientGone()) {
                return;
            }
            state = State.OPEN;
            world.trace(client, "conn-open " + id + " " + server.addr + (pubsub ? " pubsub" : ""));
            listener.onConnected(this);
        });
    }

    private void fail(Throwable cause) {
        state = State.CLOSED;
        listener.onDisconnected(this, cause);
    }

    @Override
    public void send(List<byte[]> argv, Consumer<RespValue> onReply) {
        Consumer<RespValue> cb = onReply == null ? r -> { } : onReply;
        if (state != State.OPEN) {
            world.sched.after(0, () -> cb.accept(null));
            return;
        }
        pending.addLast(cb);
        List<byte[]> copy = List.copyOf(argv);
        toServer.push(() -> {
            if (serverGone || !server.alive || server.incarnation != serverIncarnation) {
                return;
            }
            if (!postponed.isEmpty() || !serve(copy)) {
                postponed.addLast(copy);
            }
        });
    }

    /** Server side: runs one command and sends its reply; false if the server held it back. */
    private boolean serve(List<byte[]> argv) {
        RespValue reply = server.handle(this, argv);
        if (reply == SimProcess.POSTPONED) {
            return false;
        }
        if (reply != null) {
            reply(reply);
        }
        return true;
    }

    /** Server side: the pause that held this client is over; runs what it sent meanwhile, in order. */
    void resumePostponed() {
        while (!postponed.isEmpty() && !serverGone) {
            if (!serve(postponed.peekFirst())) {
                return;
            }
            postponed.pollFirst();
        }
    }

    /** Server side: a command of this client waits for a pause to end. */
    boolean isPostponed() {
        return !postponed.isEmpty();
    }

    /** Server side: a reply goes back to the client, answering the oldest pending command. */
    void reply(RespValue reply) {
        if (serverGone) {
            return;
        }
        toClient.push(() -> {
            if (state != State.OPEN || clientGone()) {
                return;
            }
            Consumer<RespValue> cb = pending.pollFirst();
            world.invariants.onReplyDelivered(reply);
            if (cb != null) {
                cb.accept(reply);
            }
        });
    }

    /** Server side: a pub/sub message pushed to a subscribed client. */
    void message(String channel, byte[] payload) {
        if (serverGone) {
            return;
        }
        toClient.push(() -> {
            if (state == State.OPEN && !clientGone()) {
                listener.onMessage(this, channel, payload);
            }
        });
    }

    /** Server side: the process died or killed this client; the client learns it when the RST arrives. */
    void resetByServer() {
        if (serverGone) {
            return;
        }
        serverGone = true;
        postponed.clear();
        server.forget(this);
        toClient.push(() -> {
            if (state == State.CLOSED || clientGone()) {
                return;
            }
            lose(new IOException("Connection reset by peer"));
        });
    }

    /** A connection cut in the middle of the network: both sides see it at once. */
    void cut() {
        if (state != State.OPEN) {
            return;
        }
        serverGone = true;
        server.forget(this);
        lose(new IOException("Connection reset"));
    }

    private void lose(Throwable cause) {
        state = State.CLOSED;
        failPending();
        listener.onDisconnected(this, cause);
    }

    private void failPending() {
        List<Consumer<RespValue>> cbs = new ArrayList<>(pending);
        pending.clear();
        for (Consumer<RespValue> cb : cbs) {
            cb.accept(null);
        }
    }

    /** The client process died: the connection vanishes without callbacks (nobody is left to call). */
    void clientCrashed() {
        state = State.CLOSED;
        pending.clear();
        serverGone = true;
        server.forget(this);
    }

    boolean isOpenForFaults() {
        return state == State.OPEN && !clientGone();
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public String localAddress() {
        return state == State.OPEN ? client.host() : null;
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (!serverGone) {
            serverGone = true;
            server.forget(this);
        }
        world.sched.after(0, () -> {
            if (clientGone()) {
                return;
            }
            failPending();
            listener.onDisconnected(this, null);
        });
    }

    /**
     * One direction of the connection: delivers in order, each item no earlier than its send time plus
     * the latency; stalls while the path is cut or the receiving process is paused.
     */
    private final class Pipe {
        private final String fromHost;
        private final SimProcess to;
        private final boolean towardServer;
        private final Deque<long[]> times = new ArrayDeque<>();
        private final Deque<Runnable> items = new ArrayDeque<>();
        private boolean pumping;
        private long lastDue;
        /** TCP retransmission timeout while the path is cut: doubles from 200 ms up to 3.2 s. */
        private long rto = 200;

        Pipe(String fromHost, SimProcess to, boolean towardServer) {
            this.fromHost = fromHost;
            this.to = to;
            this.towardServer = towardServer;
        }

        void push(Runnable action) {
            long due = Math.max(lastDue, world.sched.now() + delay);
            lastDue = due;
            times.addLast(new long[] {due});
            items.addLast(action);
            if (!pumping) {
                pumping = true;
                world.sched.at(due, this::pump);
            }
        }

        private boolean dead() {
            if (towardServer) {
                return serverGone || state == State.CLOSED || clientGone();
            }
            return state == State.CLOSED || clientGone();
        }

        private void pump() {
            while (!items.isEmpty()) {
                if (dead()) {
                    items.clear();
                    times.clear();
                    break;
                }
                long due = times.peekFirst()[0];
                if (due > world.sched.now()) {
                    world.sched.at(due, this::pump);
                    return;
                }
                if (world.net.blocked(fromHost, to.host())) {
                    world.sched.after(rto, this::pump);
                    rto = Math.min(rto * 2, 3200);
                    return;
                }
                rto = 200;
                if (to.paused) {
                    // The receiver's kernel holds the bytes; the process reads them when it resumes.
                    world.sched.after(STALL_RETRY, this::pump);
                    return;
                }
                times.pollFirst();
                items.pollFirst().run();
            }
            pumping = false;
        }
    }
}
