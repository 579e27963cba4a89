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
 * swapped in by reflection when the channel becomes active, before any reply can arrive. Without it every
 * {@code +PONG} would look like a bulk string, no ping would count and healthy masters would go down, so
 * the hook is checked before a sentinel starts ({@link #verify()}: a Lettuce without the field refuses
 * the start with a message) and a channel it cannot be installed on is closed, never used half-working.
 */
final class StatusPreservingStateMachine extends RedisStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPreservingStateMachine.class);
    private static final Field RSM = findField(CommandHandler.class, "rsm");

    @Override
    protected void safeSetSingle(CommandOutput<?, ?, ?> output, ByteBuffer bytes, Consumer<Throwable> onError) {
        try {
            output.setSingle(bytes);
        } catch (Throwable t) {
            onError.accept(t);
        }
    }

    /**
     * Throws, with what to do, when this Lettuce has no decoder field to hook (a version jsentinel was not
     * built for); called before a sentinel starts.
     */
    static void verify() {
        verify(RSM);
    }

    static void verify(Field field) {
        if (field == null) {
            throw new IllegalStateException("this Lettuce (" + CommandHandler.class.getPackage().getImplementationVersion()
                    + ") has no CommandHandler.rsm field for jsentinel's status-preserving RESP decoder; without it "
                    + "PONG replies cannot be told from bulk strings. Run jsentinel with the Lettuce version it was "
                    + "built with (see pom.xml)");
        }
    }

    /** Replaces the decoder of the channel's command handler; runs on the channel's I/O thread. */
    static void install(Channel channel) {
        CommandHandler handler = channel.pipeline().get(CommandHandler.class);
        if (RSM == null || handler == null) {
            LOG.error("cannot install the status-preserving RESP decoder on {}; closing the link", channel);
            channel.close();
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
            LOG.error("cannot install the status-preserving RESP decoder on {}; closing the link", channel, e);
            channel.close();
        }
    }

    static Field findField(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
