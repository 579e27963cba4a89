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
import java.net.SocketAddress;
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
 * <p>Threading: the fields without {@code volatile} belong to the sentinel loop. Lettuce completes
 * commands and reports channel events on its I/O threads; each of those hops onto the loop before it
 * touches any state, so the loop sees replies, losses and messages in the order the I/O thread saw
 * them. The connection keeps its own queue of pending callbacks: that is what guarantees each one
 * fires exactly once (with the reply, or with {@code null} when the link goes away) and that all of
 * them fire before {@link ConnectionListener#onDisconnected}.
 */
final class LettuceConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(LettuceConnection.class);

    private enum State { CONNECTING, OPEN, CLOSED }

    /** A command whose callback has not run yet. */
    private static final class Pending {
        final Consumer<RespValue> callback;
        /** Completed by Lettuce but not delivered yet, because a command sent before it is still pending. */
        boolean done;
        RespValue value;

        Pending(Consumer<RespValue> callback) {
            this.callback = callback;
        }
    }

    private final EventExecutor loop;
    private final Endpoint target;
    private final ConnectionListener listener;
    private final boolean pubSub;
    private final String logPrefix;
    private final AtomicBoolean factoryClosing;

    private final Deque<Pending> pending = new ArrayDeque<>();
    private State state = State.CONNECTING;
    private StatefulRedisConnection<byte[], byte[]> lettuce;
    private String localAddress;

    /** Set by the endpoint hook on the I/O thread when the socket becomes active. */
    private volatile Channel channel;

    LettuceConnection(EventExecutor loop, Endpoint target, ConnectionListener listener, boolean pubSub,
            AtomicBoolean factoryClosing) {
        this.loop = loop;
        this.factoryClosing = factoryClosing;
        this.target = target;
        this.listener = listener;
        this.pubSub = pubSub;
        this.logPrefix = "[" + (pubSub ? "pubsub " : "cmd ") + target.name() + "] ";
    }

    // ---------------------------------------------------------------- Connection (loop only)

    @Override
    public void send(List<byte[]> argv, Consumer<RespValue> onReply) {
        if (state != State.OPEN || argv.isEmpty()) {
            later(() -> deliver(onReply, null));
            return;
        }
        Pending p = new Pending(onReply);
        pending.addLast(p);
        AsyncCommand<byte[], byte[], RespValue> command = rawCommand(argv);
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
        if (state == State.CLOSED) {
            return;
        }
        shutdown(new ClosedChannelException(), true);
    }

    @Override
    public String toString() {
        return "LettuceConnection" + logPrefix.trim();
    }

    // ---------------------------------------------------------------- events from the factory

    /** The socket is active (I/O thread). */
    void channelActive(Channel ch) {
        channel = ch;
    }

    /** The socket closed (I/O thread). */
    void channelInactive() {
        later(() -> lost(new ClosedChannelException()));
    }

    /** Lettuce finished connecting (I/O thread). */
    void connected(StatefulRedisConnection<byte[], byte[]> connection) {
        if (pubSub) {
            // Registered before hopping so that no message can slip past the listener.
            ((StatefulRedisPubSubConnection<byte[], byte[]>) connection).addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] ch, byte[] message) {
                    later(() -> onMessage(ch, message));
                }
            });
        }
        later(() -> opened(connection));
    }

    /** Lettuce failed to connect (any thread). */
    void connectFailed(Throwable cause) {
        later(() -> lost(cause));
    }

    // ---------------------------------------------------------------- loop side

    private void opened(StatefulRedisConnection<byte[], byte[]> connection) {
        if (state != State.CONNECTING) {
            if (!factoryClosing.get()) {
                connection.closeAsync();
            }
            return;
        }
        lettuce = connection;
        state = State.OPEN;
        localAddress = ipOf(channel == null ? null : channel.localAddress());
        try {
            listener.onConnected(this);
        } catch (RuntimeException e) {
            LOG.warn("{}onConnected failed", logPrefix, e);
        }
    }

    private void onMessage(byte[] ch, byte[] message) {
        if (state != State.OPEN) {
            return;
        }
        try {
            listener.onMessage(this, new String(ch, StandardCharsets.UTF_8), message);
        } catch (RuntimeException e) {
            LOG.warn("{}onMessage failed", logPrefix, e);
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
            deliver(head.callback, head.value);
        }
    }

    private void lost(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.debug("{}link lost: {}", logPrefix, String.valueOf(cause));
        shutdown(cause, false);
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
                deliver(p.callback, p.done ? p.value : null);
            }
            try {
                listener.onDisconnected(this, cause);
            } catch (RuntimeException e) {
                LOG.warn("{}onDisconnected failed", logPrefix, e);
            }
        };
        if (deferred) {
            // close() is called by the sentinel itself: answer on a later loop turn, never re-entrantly.
            later(notify);
        } else {
            notify.run();
        }
    }

    private void deliver(Consumer<RespValue> callback, RespValue value) {
        try {
            callback.accept(value);
        } catch (RuntimeException e) {
            LOG.warn("{}reply callback failed", logPrefix, e);
        }
    }

    private void later(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}sentinel loop is shut down; dropping link event", logPrefix);
        }
    }

    private AsyncCommand<byte[], byte[], RespValue> rawCommand(List<byte[]> argv) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        for (int i = 1; i < argv.size(); i++) {
            args.add(argv.get(i));
        }
        return new AsyncCommand<>(new Command<>(new RawKeyword(argv.get(0)), new RespValueOutput(), args));
    }

    static String ipOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return null;
    }

    /**
     * The command name exactly as given (it may be renamed). Its {@link #name()} deliberately
     * matches none of Lettuce's command types: Lettuce rewrites MULTI/EXEC/AUTH/SELECT it
     * recognises by name, and we want the raw reply of each.
     */
    private static final class RawKeyword implements ProtocolKeyword {
        private final byte[] bytes;

        RawKeyword(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public byte[] getBytes() {
            return bytes;
        }

        @Override
        public String name() {
            return "jsentinel-raw:" + new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
