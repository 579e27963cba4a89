package io.jsentinel.link.lettuce;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce connection seen through the {@link Connection} contract.
 *
 * <p>Threading: the fields belong to the sentinel loop. Lettuce completes commands, and Netty reports the
 * socket's closing, on an I/O thread; each of those hops onto the loop before it touches any state, so the
 * loop sees replies, losses and messages in the order the I/O thread saw them. The connection keeps its own
 * queue of pending callbacks: that is what guarantees each one fires exactly once (with the reply, or with
 * {@code null} when the link goes away), in the order of the sends, and all of them before
 * {@link ConnectionListener#onDisconnected}.
 */
final class LettuceConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(LettuceConnection.class);

    private enum State { CONNECTING, OPEN, CLOSED }

    /** A command whose callback has not run yet. */
    private static final class Pending {
        final Consumer<RespValue> callback;
        /** Answered by Lettuce but not delivered yet, because a command sent before it is still pending. */
        boolean done;
        RespValue value;

        Pending(Consumer<RespValue> callback) {
            this.callback = callback;
        }
    }

    private final EventExecutor loop;
    private final ConnectionListener listener;
    private final boolean pubSub;
    private final String logPrefix;
    private final AtomicBoolean factoryClosing;

    private final Deque<Pending> pending = new ArrayDeque<>();
    private State state = State.CONNECTING;
    private StatefulRedisConnection<byte[], byte[]> lettuce;
    private String localAddress;

    LettuceConnection(EventExecutor loop, Endpoint target, ConnectionListener listener, boolean pubSub,
            AtomicBoolean factoryClosing) {
        this.loop = loop;
        this.listener = listener;
        this.pubSub = pubSub;
        this.factoryClosing = factoryClosing;
        this.logPrefix = "[" + (pubSub ? "pubsub " : "cmd ") + target.name() + "] ";
    }

    @Override
    public void send(List<byte[]> argv, Consumer<RespValue> onReply) {
        if (state != State.OPEN || argv.isEmpty()) {
            later(() -> guarded("reply callback", () -> onReply.accept(null)));
            return;
        }
        Pending p = new Pending(onReply);
        pending.addLast(p);
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        for (byte[] arg : argv.subList(1, argv.size())) {
            args.add(arg);
        }
        AsyncCommand<byte[], byte[], RespValue> command = new AsyncCommand<>(
                new Command<>(rawName(argv.get(0)), new RespValueOutput(), args));
        command.whenComplete((value, failure) -> later(() -> complete(p, failure == null ? value : null)));
        try {
            lettuce.dispatch(command);
        } catch (RuntimeException e) {
            // Lettuce rejects commands while disconnected; the loss notification follows.
            LOG.debug("{}command rejected: {}", logPrefix, e.toString());
            command.completeExceptionally(e);
        }
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public String localAddress() {
        return localAddress;
    }

    @Override
    public void close() {
        if (state != State.CLOSED) {
            shutdown(new ClosedChannelException(), true);
        }
    }

    @Override
    public String toString() {
        return "LettuceConnection" + logPrefix.trim();
    }

    /** Lettuce finished connecting; {@code socket} is the connection's channel (any thread). */
    void connected(StatefulRedisConnection<byte[], byte[]> connection, Channel socket) {
        if (connection instanceof StatefulRedisPubSubConnection<byte[], byte[]> subscriber) {
            // Registered before hopping so that no message can slip past the listener.
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    later(() -> onMessage(channel, message));
                }
            });
        }
        String local = socket.localAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : null;
        later(() -> opened(connection, local));
        // Netty calls this once, and at once when the socket is already closed: no loss slips past it.
        socket.closeFuture().addListener(f -> later(() -> lost(new ClosedChannelException())));
    }

    /** Lettuce failed to connect (any thread). */
    void connectFailed(Throwable cause) {
        later(() -> lost(cause));
    }

    private void opened(StatefulRedisConnection<byte[], byte[]> connection, String local) {
        if (state != State.CONNECTING) {
            if (!factoryClosing.get()) {
                connection.closeAsync();
            }
            return;
        }
        lettuce = connection;
        state = State.OPEN;
        localAddress = local;
        guarded("onConnected", () -> listener.onConnected(this));
    }

    private void onMessage(byte[] channel, byte[] message) {
        if (state == State.OPEN) {
            guarded("onMessage", () -> listener.onMessage(this, new String(channel, StandardCharsets.UTF_8), message));
        }
    }

    private void complete(Pending p, RespValue value) {
        // Already answered with null if the link was lost or closed meanwhile.
        if (!pending.contains(p)) {
            return;
        }
        p.done = true;
        p.value = value;
        // Callbacks keep the order of the sends. Redis answers in order, but Lettuce fails the queued
        // commands of a lost link in an order of its own.
        while (!pending.isEmpty() && pending.peekFirst().done) {
            Pending head = pending.pollFirst();
            guarded("reply callback", () -> head.callback.accept(head.value));
        }
    }

    private void lost(Throwable cause) {
        if (state != State.CLOSED) {
            LOG.debug("{}link lost: {}", logPrefix, String.valueOf(cause));
            shutdown(cause, false);
        }
    }

    private void shutdown(Throwable cause, boolean deferred) {
        state = State.CLOSED;
        List<Pending> orphans = new ArrayList<>(pending);
        pending.clear();
        // While the factory shuts down, Lettuce closes every connection itself (and warns on a second close).
        if (lettuce != null && !factoryClosing.get()) {
            lettuce.closeAsync();
        }
        Runnable notify = () -> {
            for (Pending p : orphans) {
                guarded("reply callback", () -> p.callback.accept(p.done ? p.value : null));
            }
            guarded("onDisconnected", () -> listener.onDisconnected(this, cause));
        };
        if (deferred) {
            // close() is called by the sentinel itself: answer on a later loop turn, never re-entrantly.
            later(notify);
        } else {
            notify.run();
        }
    }

    private void guarded(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}{} failed", logPrefix, what, e);
        }
    }

    private void later(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}sentinel loop is shut down; dropping link event", logPrefix);
        }
    }

    /**
     * The command name exactly as given (it may be renamed), under a type name that matches none of
     * Lettuce's: Lettuce rewrites the MULTI/EXEC/AUTH/SELECT it recognises by name, and we want the raw
     * reply of each.
     */
    private static ProtocolKeyword rawName(byte[] name) {
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return name;
            }

            @Override
            public String toString() {
                return "jsentinel-raw:" + new String(name, StandardCharsets.UTF_8);
            }
        };
    }
}
