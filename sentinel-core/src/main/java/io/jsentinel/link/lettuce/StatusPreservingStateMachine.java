package io.jsentinel.link.lettuce;

import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.protocol.RedisStateMachine;
import io.netty.channel.Channel;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lettuce's RESP decoder, except that a status reply ({@code +PONG}) reaches the output through
 * {@link CommandOutput#setSingle} instead of {@link CommandOutput#set(ByteBuffer)}.
 *
 * <p>Lettuce 7.7 reports status and bulk replies alike, but the sentinel must tell them apart
 * (a valid PING reply is a status; the second element of an is-master-down-by-addr reply must be a
 * bulk string). The state machine is a private field of Lettuce's {@link CommandHandler}, so it is
 * swapped in by reflection when the channel becomes active, before any reply can arrive. If a future
 * Lettuce renames the field, statuses come back as bulk strings and the link integration test fails.
 */
final class StatusPreservingStateMachine extends RedisStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPreservingStateMachine.class);
    private static final Field RSM = findField();

    @Override
    protected void safeSetSingle(CommandOutput<?, ?, ?> output, ByteBuffer bytes, Consumer<Throwable> onError) {
        try {
            output.setSingle(bytes);
        } catch (Throwable t) {
            onError.accept(t);
        }
    }

    /** Replaces the decoder of the channel's command handler; runs on the channel's I/O thread. */
    static void install(Channel channel) {
        CommandHandler handler = channel.pipeline().get(CommandHandler.class);
        if (RSM == null || handler == null) {
            LOG.warn("cannot install the status-preserving RESP decoder; status replies will look like bulk strings");
            return;
        }
        try {
            RedisStateMachine old = (RedisStateMachine) RSM.get(handler);
            if (old instanceof StatusPreservingStateMachine) {
                return;
            }
            StatusPreservingStateMachine replacement = new StatusPreservingStateMachine();
            if (old != null) {
                replacement.setProtocolVersion(old.getProtocolVersion());
                old.close();
            }
            RSM.set(handler, replacement);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot install the status-preserving RESP decoder", e);
        }
    }

    private static Field findField() {
        try {
            Field f = CommandHandler.class.getDeclaredField("rsm");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
