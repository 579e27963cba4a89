package io.jsentinel.link.lettuce;

import io.jsentinel.link.HostResolver;
import io.jsentinel.tls.TlsSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisReactiveCommandsImpl;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.pubsub.PubSubEndpoint;
import io.lettuce.core.pubsub.RedisPubSubAsyncCommandsImpl;
import io.lettuce.core.pubsub.RedisPubSubReactiveCommandsImpl;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnectionImpl;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.MultithreadEventExecutorGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/**
 * The Lettuce client of the links, set up to speak RESP2 exactly as a Redis sentinel does and to cost as
 * little as it can.
 *
 * <p>It adds nothing to the wire: no {@code HELLO}, no {@code PING} on connect, no {@code CLIENT SETINFO}
 * (the factory gives an empty library name and version), no maintenance notifications, no credentials (the
 * sentinel sends AUTH itself, through the rename table). No automatic reconnect; commands are rejected, not
 * buffered, while disconnected; no command timeouts, since the sentinel loop times commands by its own clock.
 * Lettuce's "computation" executor is the sentinel loop and its I/O threads are a group it is given, so it
 * starts no threads of its own beyond a timer that ticks once a second (its default 100 ms tick woke an
 * idle sentinel ten times a second).
 *
 * <p>Its connections build no command facades: the links only dispatch commands, and Lettuce's connections
 * build a sync facade (a reflective proxy over some 500 methods), an async and a reactive one (Reactor) in
 * their constructor, which cost start-up time, classes, metaspace and heap (docs/benchmarks.md, "No command
 * facades on the links"). That is done by overriding the factories Lettuce documents for subclasses; should
 * a Lettuce on the class path have renamed one, the override would quietly be none, so
 * {@link LettuceLinkFactory#verifyHooks} checks each before a sentinel starts.
 */
final class LinkClient extends RedisClient {

    private static final ByteBufAllocator LEAN_ALLOCATOR = new LeanAllocator(ByteBufAllocator.DEFAULT);

    private final boolean tls;
    /** Lettuce does not stop a timer it did not create: {@link #shutdownAll()} does. */
    private final HashedWheelTimer timer;

    LinkClient(EventExecutor loop, EventLoopGroup group, Duration connectTimeout, TlsSettings tls,
            HostResolver names, Consumer<Channel> onChannelInitialized) {
        this(options(connectTimeout, tls), tls != null && tls.replication(), new HashedWheelTimer(
                new DefaultThreadFactory("jsentinel-lettuce-timer", true), 1, TimeUnit.SECONDS),
                loop, group, names, onChannelInitialized);
    }

    private LinkClient(ClientOptions options, boolean tls, HashedWheelTimer timer, EventExecutor loop,
            EventLoopGroup group, HostResolver names, Consumer<Channel> onChannelInitialized) {
        super(DefaultClientResources.builder()
                .eventLoopGroupProvider(shared(group))
                .eventExecutorGroup(loop)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                // Lettuce's own event bus runs on Reactor's sinks and schedulers; nothing here listens.
                .eventBus(DROPPING_EVENT_BUS)
                // names resolve off the I/O threads (which are the sentinel loop), to their last good IP
                .addressResolverGroup(new LinkAddressResolver(names))
                .timer(timer)
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterBootstrapInitialized(Bootstrap bootstrap) {
                        // SslHandler sizes its buffers exactly: TLS links keep the plain allocator
                        if (!tls) {
                            bootstrap.option(ChannelOption.ALLOCATOR, LEAN_ALLOCATOR);
                        }
                    }

                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        onChannelInitialized.accept(channel);
                    }
                })
                .build(), RedisURI.create("localhost", 6379));
        this.tls = tls;
        this.timer = timer;
        setOptions(options);
    }

    private static ClientOptions options(Duration connectTimeout, TlsSettings tls) {
        ClientOptions.Builder options = ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .pingBeforeActivateConnection(false)
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true)
                        .tcpNoDelay(true).build());
        if (tls == null || !tls.replication()) {
            return options.build();
        }
        // Redis verifies the peer's chain against the CA but not its host name; so do we.
        try {
            return options.sslOptions(SslOptions.builder()
                    .jdkSslProvider()
                    .keyManager(tls.clientKeyManagers())
                    .trustManager(tls.trustManagers())
                    .protocols(tls.protocols().toArray(new String[0]))
                    .build()).build();
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Failed to configure TLS for links: " + e.getMessage(), e);
        }
    }

    /** Whether links use TLS ({@code tls-replication yes}). */
    boolean tls() {
        return tls;
    }

    /** Closes every connection, then releases the resources and the timer. */
    CompletableFuture<Void> shutdownAll() {
        return shutdownAsync(0, 2, TimeUnit.SECONDS)
                .thenCompose(ignored -> LettuceLinkFactory.completable(getResources().shutdown(0, 2, TimeUnit.SECONDS)))
                .whenComplete((ignored, error) -> timer.stop());
    }

    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter writer,
            PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
        return new BareConnection<>(writer, pushHandler, codec, timeout);
    }

    @Override
    protected <K, V> StatefulRedisPubSubConnectionImpl<K, V> newStatefulRedisPubSubConnection(
            PubSubEndpoint<K, V> endpoint, RedisChannelWriter writer, RedisCodec<K, V> codec, Duration timeout) {
        return new BarePubSubConnection<>(endpoint, writer, codec, timeout);
    }

    static final class BareConnection<K, V> extends StatefulRedisConnectionImpl<K, V> {
        BareConnection(RedisChannelWriter writer, PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
            super(writer, pushHandler, codec, timeout);
        }

        @Override
        protected RedisAsyncCommandsImpl<K, V> newRedisAsyncCommandsImpl() {
            return null;
        }

        @Override
        protected RedisCommands<K, V> newRedisSyncCommandsImpl() {
            return null;
        }

        @Override
        protected RedisReactiveCommandsImpl<K, V> newRedisReactiveCommandsImpl() {
            return null;
        }
    }

    static final class BarePubSubConnection<K, V> extends StatefulRedisPubSubConnectionImpl<K, V> {
        BarePubSubConnection(PubSubEndpoint<K, V> endpoint, RedisChannelWriter writer, RedisCodec<K, V> codec,
                Duration timeout) {
            super(endpoint, writer, codec, timeout);
        }

        @Override
        protected RedisPubSubAsyncCommandsImpl<K, V> newRedisAsyncCommandsImpl() {
            return null;
        }

        @Override
        protected RedisPubSubCommands<K, V> newRedisSyncCommandsImpl() {
            return null;
        }

        @Override
        protected RedisPubSubReactiveCommandsImpl<K, V> newRedisReactiveCommandsImpl() {
            return null;
        }
    }

    /** Hands Lettuce one existing group for every transport, and never shuts it down: its owner does. */
    private static EventLoopGroupProvider shared(EventLoopGroup group) {
        return new EventLoopGroupProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T extends EventLoopGroup> T allocate(Class<T> type) {
                return (T) group;
            }

            @Override
            public int threadPoolSize() {
                return group instanceof MultithreadEventExecutorGroup threads ? threads.executorCount() : 1;
            }

            @Override
            public Future<Boolean> release(EventExecutorGroup g, long quietPeriod, long timeout, TimeUnit unit) {
                return ImmediateEventExecutor.INSTANCE.newSucceededFuture(Boolean.TRUE);
            }

            @Override
            public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
                return ImmediateEventExecutor.INSTANCE.newSucceededFuture(Boolean.TRUE);
            }
        };
    }

    private static final EventBus DROPPING_EVENT_BUS = new EventBus() {
        @Override
        public Flux<Event> get() {
            return Flux.empty();
        }

        @Override
        public void publish(Event event) {
            // dropped: no subscribers
        }
    };
}
