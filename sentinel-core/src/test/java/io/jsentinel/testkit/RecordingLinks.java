package io.jsentinel.testkit;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.LinkFactory;
import io.jsentinel.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tests' LinkFactory. By default each connection it opens is a {@link Conn} that records what the core
 * sends and answers only when the test says so (single-threaded). Given a {@link Dialer}, it leaves making
 * the connections to the dialer instead: the simulation dials over its simulated network.
 */
public final class RecordingLinks implements LinkFactory {
    /** Makes the connection for one open, in place of a recorded {@link Conn}. */
    @FunctionalInterface
    public interface Dialer {
        Connection dial(Endpoint target, ConnectionListener listener, boolean pubsub);
    }

    /** The recorded connections, oldest first (none when a dialer makes them). */
    public final List<Conn> opened = new ArrayList<>();
    private final Dialer dialer;

    public RecordingLinks() {
        this.dialer = null;
    }

    public RecordingLinks(Dialer dialer) {
        this.dialer = dialer;
    }

    /** One recorded connection. */
    public static final class Conn implements Connection {
        public final Endpoint target;
        public final boolean pubsub;
        public final ConnectionListener listener;
        public final List<String> sent = new ArrayList<>();
        public final Deque<Pending> pending = new ArrayDeque<>();
        private boolean open;
        /** Closed by the core or failed by the test; a connection still connecting is not closed. */
        public boolean closed;

        Conn(Endpoint target, boolean pubsub, ConnectionListener listener) {
            this.target = target;
            this.pubsub = pubsub;
            this.listener = listener;
        }

        /** A command waiting for its reply. */
        public record Pending(String command, Consumer<RespValue> callback) {
        }

        public void connect() {
            open = true;
            listener.onConnected(this);
        }

        public void fail() {
            open = false;
            closed = true;
            List<Pending> p = new ArrayList<>(pending);
            pending.clear();
            for (Pending x : p) {
                x.callback().accept(null);
            }
            listener.onDisconnected(this, new RuntimeException("refused"));
        }

        /** Answers every pending command whose text starts with {@code prefix}; returns how many. */
        public int reply(String prefix, RespValue value) {
            int n = 0;
            for (Pending p : List.copyOf(pending)) {
                if (p.command().startsWith(prefix)) {
                    pending.remove(p);
                    p.callback().accept(value);
                    n++;
                }
            }
            return n;
        }

        public void message(String channel, String payload) {
            listener.onMessage(this, channel, payload.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void send(List<byte[]> argv, Consumer<RespValue> onReply) {
            StringBuilder sb = new StringBuilder();
            for (byte[] a : argv) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(new String(a, StandardCharsets.UTF_8));
            }
            sent.add(sb.toString());
            pending.add(new Pending(sb.toString(), onReply));
        }

        @Override
        public boolean isOpen() {
            return open && !closed;
        }

        @Override
        public String localAddress() {
            return "127.0.0.1";
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                open = false;
                List<Pending> p = new ArrayList<>(pending);
                pending.clear();
                for (Pending x : p) {
                    x.callback().accept(null);
                }
            }
        }
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
        if (dialer != null) {
            return dialer.dial(target, listener, pubsub);
        }
        Conn c = new Conn(target, pubsub, listener);
        opened.add(c);
        return c;
    }

    /** The newest open (or connecting) connection to a target. */
    public Conn latest(Endpoint target, boolean pubsub) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            Conn c = opened.get(i);
            if (c.target.equals(target) && c.pubsub == pubsub && !c.closed) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void close() {
    }
}
