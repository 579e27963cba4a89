package io.jsentinel.link.lettuce;

import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisReactiveCommandsImpl;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.pubsub.PubSubEndpoint;
import io.lettuce.core.pubsub.RedisPubSubAsyncCommandsImpl;
import io.lettuce.core.pubsub.RedisPubSubReactiveCommandsImpl;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnectionImpl;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.Channel;
import java.time.Duration;

/**
 * A {@link RedisClient} whose endpoints tell their {@link LettuceConnection} when the socket
 * becomes active (for the local address) and when it closes (the loss notification).
 */
final class HookedClient extends RedisClient {
    static final ThreadLocal<LettuceConnection> CONNECTING = new ThreadLocal<>();

    HookedClient(ClientResources resources) {
        super(resources, RedisURI.create("localhost", 6379));
    }

    @Override
    protected DefaultEndpoint createEndpoint() {
        LettuceConnection owner = CONNECTING.get();
        return new DefaultEndpoint(getOptions(), getResources()) {
            @Override
            public void notifyChannelActive(Channel channel) {
                channelActive(channel, owner);
                super.notifyChannelActive(channel);
            }

            @Override
            public void notifyChannelInactive(Channel channel) {
                super.notifyChannelInactive(channel);
                channelInactive(owner);
            }
        };
    }

    /*
     * Our links only ever dispatch commands. Lettuce's connections build their sync (a reflective proxy
     * over some 500 methods), async and reactive (Reactor) command facades in the constructor; left
     * unbuilt they cost no classes, metaspace or heap (an idle sentinel's RSS 83.8 -> 75.0 MiB).
     */
    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter writer,
            PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
        return new StatefulRedisConnectionImpl<>(writer, pushHandler, codec, timeout) {
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
        };
    }

    @Override
    protected <K, V> StatefulRedisPubSubConnectionImpl<K, V> newStatefulRedisPubSubConnection(
            PubSubEndpoint<K, V> endpoint, RedisChannelWriter writer, RedisCodec<K, V> codec, Duration timeout) {
        return new StatefulRedisPubSubConnectionImpl<>(endpoint, writer, codec, timeout) {
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

            @Override
            protected java.util.List<RedisFuture<Void>> resubscribe() {
                // Only a reconnect re-subscribes (through the async facade); our links never reconnect.
                return java.util.List.of();
            }
        };
    }

    @Override
    protected <K, V> PubSubEndpoint<K, V> createPubSubEndpoint() {
        LettuceConnection owner = CONNECTING.get();
        return new PubSubEndpoint<>(getOptions(), getResources()) {
            @Override
            public void notifyChannelActive(Channel channel) {
                channelActive(channel, owner);
                super.notifyChannelActive(channel);
            }

            @Override
            public void notifyChannelInactive(Channel channel) {
                super.notifyChannelInactive(channel);
                channelInactive(owner);
            }
        };
    }

    /** Before Lettuce sees the channel: our reply bound, then the link learns its local address. */
    private static void channelActive(Channel channel, LettuceConnection owner) {
        ReplySizeGuard.install(channel, ReplySizeGuard.DEFAULT_MAX_REPLY);
        if (owner != null) {
            owner.channelActive(channel);
        }
    }

    private static void channelInactive(LettuceConnection owner) {
        if (owner != null) {
            owner.channelInactive();
        }
    }
}
