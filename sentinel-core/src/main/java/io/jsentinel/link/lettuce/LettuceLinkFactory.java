package io.jsentinel.link.lettuce;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.HostResolver;
import io.jsentinel.link.LinkFactory;
import io.jsentinel.tls.TlsSettings;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LinkFactory} over Lettuce ({@link LinkClient} says how it is configured), through its public API
 * (and, for connections without command facades, the factories it documents for subclasses).
 *
 * <p>The one thing that API does not hand out is a connection's socket, which a link needs for the local
 * address of its hellos and to learn that it was lost. So every channel is filed, as Lettuce initialises
 * it (before it connects), under the endpoint its {@link CommandHandler} writes for, and a connection
 * finds it under its own channel writer, which is that endpoint. The reply bound ({@link ReplySizeGuard})
 * is put in front of the same handler then.
 *
 * <p>Threads: socket I/O runs on the given Netty {@code EventLoopGroup} (in a running sentinel, the group
 * of the sentinel loop itself, so commands and replies never change threads) or, without one, on a single
 * I/O thread owned by this factory. Every callback of a {@link Connection} runs on the sentinel loop. Host
 * names get their IPs from a {@link HostResolver}, off every one of these threads ({@link LinkAddressResolver}).
 */
public final class LettuceLinkFactory implements LinkFactory {
    static {
        keepLettuceOnNio();
    }

    /**
     * The links run on the sentinel's NIO loop, but Lettuce picks a native channel class whenever Netty's epoll,
     * io_uring or kqueue transport is on the class path (the server carries epoll for systemd's notify socket), and
     * such a channel cannot register on a NIO loop: every link would fail. Lettuce reads these switches once, when
     * its providers load (before any Lettuce class initializes: this class extends none); one an embedding application set itself is left as it is (docs/embedding.md).
     */
    static void keepLettuceOnNio() {
        for (String transport : new String[] {"epoll", "iouring", "kqueue"}) {
            String key = "io.lettuce.core." + transport;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "false");
            }
        }
    }


    /** The default connect timeout: the sentinel's ping period. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(LettuceLinkFactory.class);
    private static final String RUN_THE_RIGHT_LETTUCE =
            "Run jsentinel with the Lettuce version it was built with (see pom.xml)";

    /** Why a link could not get its hooks, once one could not; null while every link got them. */
    private volatile String hookFailure;

    private final EventExecutor loop;
    private final EventLoopGroup ownedGroup;
    private final HostResolver ownedNames;
    private final LinkClient client;
    /** The channel of each connection being made or open, by the endpoint its CommandHandler writes for. */
    private final Map<Object, Channel> channels = new ConcurrentHashMap<>();
    /** Starts connections off the sentinel loop, one at a time, in the order asked. */
    private final ExecutorService connector = Executors.newSingleThreadExecutor(
            new DefaultThreadFactory("jsentinel-connect", true));
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * Throws, with what to do, unless every Lettuce method {@link LinkClient} overrides is one this Lettuce
     * has (renamed, the override would quietly be none). A sentinel calls it before it starts; it resolves
     * only those methods, so it costs start-up next to nothing (the factory itself is built in the background).
     */
    public static void verifyHooks() {
        verifyHooks(List.of(LinkClient.class, LinkClient.BareConnection.class, LinkClient.BarePubSubConnection.class));
    }

    static void verifyHooks(List<Class<?>> hooks) {
        for (Class<?> hook : hooks) {
            Class<?> lettuce = hook.getSuperclass();
            for (Method m : hook.getDeclaredMethods()) {
                if (!Modifier.isProtected(m.getModifiers())) {
                    continue;
                }
                try {
                    MethodHandles.privateLookupIn(lettuce, MethodHandles.lookup())
                            .findVirtual(lettuce, m.getName(), MethodType.methodType(m.getReturnType(), m.getParameterTypes()));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("the Lettuce on the class path has no " + lettuce.getSimpleName()
                            + "." + m.getName() + " for jsentinel's links to override. " + RUN_THE_RIGHT_LETTUCE, e);
                }
            }
        }
    }

    /** Uses a private single-threaded NIO group for I/O, shut down by {@link #close()}; plain TCP. */
    public LettuceLinkFactory(EventExecutor loop) {
        this(loop, null, DEFAULT_CONNECT_TIMEOUT, null);
    }

    /** With a {@link HostResolver} of its own, closed by {@link #close()}. */
    public LettuceLinkFactory(EventExecutor loop, EventLoopGroup ioGroup, Duration connectTimeout,
            TlsSettings tls) {
        this(loop, ioGroup, connectTimeout, tls, null);
    }

    /**
     * @param loop the sentinel loop: every callback runs there
     * @param ioGroup shared Netty event loops for socket I/O (not shut down by this factory), or
     *        {@code null} for a private single I/O thread; NIO based
     * @param connectTimeout how long a TCP connect may take before the link reports failure
     * @param tls the sentinel's TLS settings; links use TLS when {@code tls-replication yes}, else plain TCP
     * @param names where host names get their IPs (the sentinel's, shared with what it shows), or {@code null}
     *        for one of its own
     * @throws IllegalStateException when tls-replication is on and the key or CA files cannot be read
     */
    public LettuceLinkFactory(EventExecutor loop, EventLoopGroup ioGroup, Duration connectTimeout,
            TlsSettings tls, HostResolver names) {
        this.loop = Objects.requireNonNull(loop, "loop must not be null");
        this.ownedNames = names == null ? new HostResolver() : null;
        this.ownedGroup = ioGroup == null
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jsentinel-link", true),
                        NioIoHandler.newFactory())
                : null;
        this.client = new LinkClient(loop, ioGroup == null ? ownedGroup : ioGroup,
                Objects.requireNonNull(connectTimeout, "connectTimeout must not be null"), tls,
                names == null ? ownedNames : names, this::channelInitialized);
    }

    /** Whether links use TLS ({@code tls-replication yes}). */
    public boolean tls() {
        return client.tls();
    }

    @Override
    public Connection openCommand(Endpoint target, ConnectionListener listener) {
        return open(target, listener, false);
    }

    @Override
    public Connection openPubSub(Endpoint target, ConnectionListener listener) {
        return open(target, listener, true);
    }

    private Connection open(Endpoint target, ConnectionListener listener, boolean pubSub) {
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        LettuceConnection connection = new LettuceConnection(loop, target, listener, pubSub, closing);
        try {
            RedisURI uri = RedisURI.builder()
                    .withHost(target.host())
                    .withPort(target.port())
                    .withLibraryName("")
                    .withLibraryVersion("")
                    .withSsl(client.tls())
                    .withVerifyPeer(client.tls() ? SslVerifyMode.CA : SslVerifyMode.NONE)
                    .build();
            // Starting a Lettuce connection does synchronous work (bootstrap, handler chain) that can take tens
            // of milliseconds on a loaded machine; on the sentinel loop, for many instances in one tick, it
            // stalls the tick and can even trigger TILT. So it runs on a thread of its own (not a Netty event
            // loop: the TLS set-up may wait on one). Host names are not resolved there: see LinkAddressResolver.
            connector.execute(() -> startConnect(connection, uri, pubSub));
        } catch (RuntimeException e) {
            connection.connectFailed(e);
        }
        return connection;
    }

    private void startConnect(LettuceConnection connection, RedisURI uri, boolean pubSub) {
        try {
            ConnectionFuture<? extends StatefulRedisConnection<byte[], byte[]>> future = pubSub
                    ? client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri)
                    : client.connectAsync(ByteArrayCodec.INSTANCE, uri);
            future.whenComplete((c, failure) -> {
                Channel channel = c instanceof RedisChannelHandler<?, ?> h ? channels.get(h.getChannelWriter()) : null;
                if (channel != null) {
                    connection.connected(c, channel);
                    return;
                }
                if (c != null) {
                    if (c.isOpen()) {
                        // Closed in the instant between connecting and here, or never filed: the latter on every link
                        LOG.error("{}: no channel filed for it; closing it. If every link says so: {}", connection,
                                RUN_THE_RIGHT_LETTUCE);
                        hookFailure = "Lettuce connected a link without initialising its channel through jsentinel's "
                                + "customizer. " + RUN_THE_RIGHT_LETTUCE;
                    }
                    c.closeAsync();
                }
                connection.connectFailed(failure != null ? failure : new ClosedChannelException());
            });
        } catch (RuntimeException e) {
            connection.connectFailed(e);
        }
    }

    /**
     * Why a link could not get the hooks that only a live channel can show (reply guard, channel filing), or
     * null. The runtime checks it after its start-up links and refuses to start on a failure.
     */
    public String hookFailure() {
        return hookFailure;
    }

    /**
     * Runs for every channel as Lettuce initialises it, before it connects. A channel without Lettuce's
     * decoder could not be bounded: it is closed, never used unguarded.
     */
    void channelInitialized(Channel channel) {
        ChannelHandlerContext decoder = channel.pipeline().context(CommandHandler.class);
        if (decoder == null) {
            LOG.error("Lettuce initialised a link's channel without its CommandHandler; closing it. {}",
                    RUN_THE_RIGHT_LETTUCE);
            hookFailure = "Lettuce initialised a link's channel without its CommandHandler, so replies could not be "
                    + "bounded. " + RUN_THE_RIGHT_LETTUCE;
            channel.close();
            return;
        }
        channel.pipeline().addBefore(decoder.name(), "jsentinel-reply-guard",
                new ReplySizeGuard(ReplySizeGuard.DEFAULT_MAX_REPLY));
        Object endpoint = ((CommandHandler) decoder.handler()).getEndpoint();
        channels.put(endpoint, channel);
        channel.closeFuture().addListener(f -> channels.remove(endpoint, channel));
    }

    /**
     * Closes every connection and releases Lettuce's resources. Waits up to a few seconds, unless
     * called on the sentinel loop (where waiting could deadlock).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        connector.shutdown();
        if (ownedNames != null) {
            ownedNames.close();
        }
        CompletableFuture<Void> done = client.shutdownAll()
                .thenCompose(ignored -> ownedGroup == null
                        ? CompletableFuture.completedFuture(null)
                        : completable(ownedGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS)));
        if (!loop.inEventLoop()) {
            try {
                done.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // best effort: nothing more to release
            }
        }
    }

    static CompletableFuture<Void> completable(Future<?> future) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        future.addListener(f -> result.complete(null));
        return result;
    }
}
