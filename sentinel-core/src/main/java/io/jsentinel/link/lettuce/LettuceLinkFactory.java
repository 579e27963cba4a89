package io.jsentinel.link.lettuce;

import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.LinkFactory;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.jsentinel.tls.TlsSettings;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link LinkFactory} over Lettuce, speaking RESP2 exactly as a Redis sentinel does.
 *
 * <p>Lettuce is configured so that it adds nothing to the wire: no {@code HELLO}, no {@code PING} on
 * connect, no {@code CLIENT SETINFO} (empty library name and version), no maintenance notifications,
 * no credentials (the sentinel sends AUTH itself, through the rename table). There is no automatic
 * reconnect and commands are rejected, not buffered, while disconnected; no command timeouts either,
 * since the sentinel loop decides timeouts from its own clock.
 *
 * <p>Threads: socket I/O runs on the given Netty {@code EventLoopGroup} (in a running sentinel, the group
 * of the sentinel loop itself, so commands and replies never change threads) or, without one, on a single
 * I/O thread owned by this factory. Lettuce's "computation" executor is
 * the sentinel loop itself, so Lettuce starts no pool of its own. Every callback of a
 * {@link Connection} runs on the sentinel loop. The shared group must be NIO based (Lettuce picks
 * {@code NioSocketChannel} unless a native transport is on the class path).
 */
public final class LettuceLinkFactory implements LinkFactory {

    /** The default connect timeout: the sentinel's ping period. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private static final LeanAllocator LEAN_ALLOCATOR = new LeanAllocator(io.netty.buffer.ByteBufAllocator.DEFAULT);

    private final EventExecutor loop;
    private final EventLoopGroup ownedGroup;
    /** Given to Lettuce, which does not stop a timer it did not create: {@link #close()} does. */
    private final io.netty.util.HashedWheelTimer timer;
    private final ClientResources resources;
    private final HookedClient client;

    /** Starts connections off the sentinel loop, one at a time, in the order asked. */
    private final java.util.concurrent.ExecutorService connector = java.util.concurrent.Executors
            .newSingleThreadExecutor(new DefaultThreadFactory("jsentinel-connect", true));
    private final AtomicBoolean closing = new AtomicBoolean();
    private final boolean tls;

    /**
     * Checks that this Lettuce has what the links hook into; throws with a clear message when it does not.
     * A sentinel calls it before it starts (the factory itself is built in the background). Since the links
     * read a status like a bulk string (docs/compatibility.md) there is no reflective hook left to check.
     */
    public static void verifyHooks() {
    }

    /** Uses a private single-threaded NIO group for I/O, shut down by {@link #close()}. */
    public LettuceLinkFactory(EventExecutor loop) {
        this(loop, null, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * @param loop the sentinel loop: every callback runs there
     * @param ioGroup Netty event loops for socket I/O, shared (not shut down by this factory);
     *        {@code null} for a private single I/O thread
     */
    public LettuceLinkFactory(EventExecutor loop, EventLoopGroup ioGroup) {
        this(loop, ioGroup, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * @param loop the sentinel loop: every callback runs there
     * @param ioGroup shared Netty event loops for socket I/O, or {@code null} for a private one
     * @param connectTimeout how long a TCP connect may take before the link reports failure
     */
    public LettuceLinkFactory(EventExecutor loop, EventLoopGroup ioGroup, Duration connectTimeout) {
        this(loop, ioGroup, connectTimeout, null);
    }

    /**
     * @param loop the sentinel loop: every callback runs there
     * @param ioGroup shared Netty event loops for socket I/O, or {@code null} for a private one
     * @param connectTimeout how long a TCP connect may take before the link reports failure
     * @param tls the sentinel's TLS settings; links use TLS when {@code tls-replication yes}, else plain TCP
     * @throws IllegalStateException when tls-replication is on and the key or CA files cannot be read
     */
    public LettuceLinkFactory(EventExecutor loop, EventLoopGroup ioGroup, Duration connectTimeout,
            TlsSettings tls) {
        this.loop = Objects.requireNonNull(loop, "loop must not be null");
        Objects.requireNonNull(connectTimeout, "connectTimeout must not be null");
        this.ownedGroup = ioGroup == null
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jsentinel-link", true),
                        NioIoHandler.newFactory())
                : null;
        EventLoopGroup group = ioGroup == null ? ownedGroup : ioGroup;
        boolean tlsLinks = tls != null && tls.replication();
        this.timer = new io.netty.util.HashedWheelTimer(new DefaultThreadFactory("jsentinel-lettuce-timer", true),
                1, TimeUnit.SECONDS);
        this.resources = DefaultClientResources.builder()
                .eventLoopGroupProvider(new SharedEventLoopGroupProvider(group))
                .eventExecutorGroup(loop)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                // Lettuce's own event bus (connection events for its listeners) runs on Reactor's sinks and
                // schedulers; nothing here listens, and the endpoint hooks below tell the links what they need.
                .eventBus(DROPPING_EVENT_BUS)
                .addressResolverGroup(DefaultAddressResolverGroup.INSTANCE)
                // Lettuce's timer serves reconnect delays and command timeouts, both off here; its default
                // 100 ms tick only woke a thread ten times a second on an idle sentinel.
                .timer(timer)
                .nettyCustomizer(new io.lettuce.core.resource.NettyCustomizer() {
                    @Override
                    public void afterBootstrapInitialized(io.netty.bootstrap.Bootstrap bootstrap) {
                        if (!tlsLinks) {
                            bootstrap.option(io.netty.channel.ChannelOption.ALLOCATOR, LEAN_ALLOCATOR);
                        }
                    }
                })
                .build();
        this.client = new HookedClient(resources);
        this.tls = tlsLinks;
        ClientOptions.Builder options = ClientOptions.builder();
        if (this.tls) {
            options.sslOptions(sslOptions(tls));
        }
        client.setOptions(options
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .pingBeforeActivateConnection(false)
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(connectTimeout)
                        .keepAlive(true)
                        .tcpNoDelay(true)
                        .build())
                .build());
    }

    /** Redis verifies the peer's chain against the CA but not its host name; so do we. */
    private static SslOptions sslOptions(TlsSettings tls) {
        try {
            return SslOptions.builder()
                    .jdkSslProvider()
                    .keyManager(tls.clientKeyManagers())
                    .trustManager(tls.trustManagers())
                    .protocols(tls.protocols().toArray(new String[0]))
                    .build();
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Failed to configure TLS for links: " + e.getMessage(), e);
        }
    }

    /** Whether links use TLS ({@code tls-replication yes}). */
    public boolean tls() {
        return tls;
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
        RedisURI uri;
        try {
            uri = RedisURI.builder()
                    .withHost(target.host())
                    .withPort(target.port())
                    .withLibraryName("")
                    .withLibraryVersion("")
                    .withSsl(tls)
                    .withVerifyPeer(tls ? SslVerifyMode.CA : SslVerifyMode.NONE)
                    .build();
        } catch (RuntimeException e) {
            connection.connectFailed(e);
            return connection;
        }
        // Starting a Lettuce connection does synchronous work (bootstrap, handler chain, address
        // resolution) that can take tens of milliseconds on a loaded machine; done on the sentinel loop
        // for many instances in one tick it stalls the tick and can even trigger TILT. So it runs on an
        // thread of its own (not a Netty event loop: the TLS set-up may wait on one), and the outcome hops
        // back to the loop as before.
        try {
            connector.execute(() -> startConnect(connection, uri, pubSub));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            connection.connectFailed(e);
        }
        return connection;
    }

    private void startConnect(LettuceConnection connection, RedisURI uri, boolean pubSub) {
        // createEndpoint() runs synchronously inside connect*Async, on this thread.
        HookedClient.CONNECTING.set(connection);
        try {
            ConnectionFuture<? extends StatefulRedisConnection<byte[], byte[]>> future = pubSub
                    ? client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri)
                    : client.connectAsync(ByteArrayCodec.INSTANCE, uri);
            future.whenComplete((c, failure) -> {
                if (failure != null) {
                    connection.connectFailed(failure);
                } else {
                    connection.connected(c);
                }
            });
        } catch (RuntimeException e) {
            connection.connectFailed(e);
        } finally {
            HookedClient.CONNECTING.remove();
        }
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
        CompletableFuture<Void> done = client.shutdownAsync(0, 2, TimeUnit.SECONDS)
                .thenCompose(ignored -> toCompletable(resources.shutdown(0, 2, TimeUnit.SECONDS)))
                .thenCompose(ignored -> ownedGroup == null
                        ? CompletableFuture.completedFuture(null)
                        : toCompletable(ownedGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS)))
                .whenComplete((ignored, error) -> timer.stop());
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

    private static CompletableFuture<Void> toCompletable(io.netty.util.concurrent.Future<?> future) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        future.addListener(f -> result.complete(null));
        return result;
    }

    private static final io.lettuce.core.event.EventBus DROPPING_EVENT_BUS = new io.lettuce.core.event.EventBus() {
        @Override
        public reactor.core.publisher.Flux<io.lettuce.core.event.Event> get() {
            return reactor.core.publisher.Flux.empty();
        }

        @Override
        public void publish(io.lettuce.core.event.Event event) {
            // dropped: no subscribers
        }
    };
}
