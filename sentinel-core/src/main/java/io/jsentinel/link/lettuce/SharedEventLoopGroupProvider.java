package io.jsentinel.link.lettuce;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands Lettuce one existing Netty group for every transport it asks for, and never shuts it down:
 * the group belongs to whoever created it (the server, or {@link LettuceLinkFactory}).
 */
final class SharedEventLoopGroupProvider implements EventLoopGroupProvider {

    private final EventLoopGroup group;

    SharedEventLoopGroupProvider(EventLoopGroup group) {
        this.group = group;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return (T) group;
    }

    @Override
    public int threadPoolSize() {
        int n = 0;
        for (var ignored : group) {
            n++;
        }
        return n;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout,
            TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(Boolean.TRUE);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(Boolean.TRUE);
    }
}
