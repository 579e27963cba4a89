package io.jsentinel.link.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.PushHandler;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the links hook into Lettuce is checked, and refused with the reason, never half working. */
class LinkHooksTest {

    @Test
    void theLettuceWeBuildWithHasEveryHook() {
        assertThatCode(LettuceLinkFactory::verifyHooks).doesNotThrowAnyException();
    }

    /** A Lettuce that renamed a factory we override: ours would quietly never be called. */
    static final class Drifted<K, V> extends StatefulRedisConnectionImpl<K, V> {
        Drifted(RedisChannelWriter writer, PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
            super(writer, pushHandler, codec, timeout);
        }

        protected RedisAsyncCommandsImpl<K, V> newAsyncFacadeRenamedInAFutureVersion() {
            return null;
        }
    }

    @Test
    void aLettuceWithoutAnOverriddenFactoryRefusesTheStartWithTheReason() {
        assertThatThrownBy(() -> LettuceLinkFactory.verifyHooks(List.of(LinkClient.BareConnection.class, Drifted.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no StatefulRedisConnectionImpl.newAsyncFacadeRenamedInAFutureVersion")
                .hasMessageContaining("Run jsentinel with the Lettuce version it was built with");
    }

    @Test
    void aChannelWithoutLettucesDecoderIsClosedNotUsedUnguarded() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        LettuceLinkFactory factory = new LettuceLinkFactory(loop);
        try {
            EmbeddedChannel channel = new EmbeddedChannel();
            factory.channelInitialized(channel);
            assertThat(channel.isOpen()).isFalse();
            assertThat(channel.pipeline().get(ReplySizeGuard.class)).isNull();
            assertThat(factory.hookFailure()).contains("without its CommandHandler");
        } finally {
            factory.close();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
