package io.jsentinel.link.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.resp.RespValue;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.protocol.RedisStateMachine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lettuce's decoder feeding {@link RespValueOutput}, byte for byte. */
class RespValueOutputTest {

    private static RespValue decode(String wire) {
        return decode(wire, false);
    }

    private static RespValue decode(String wire, boolean oneByteAtATime) {
        RedisStateMachine rsm = new RedisStateMachine();
        rsm.setProtocolVersion(ProtocolVersion.RESP2);
        RespValueOutput out = new RespValueOutput();
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf buf = Unpooled.buffer();
        try {
            boolean done = false;
            if (oneByteAtATime) {
                for (int i = 0; i < bytes.length && !done; i++) {
                    buf.writeByte(bytes[i]);
                    done = rsm.decode(buf, out);
                }
            } else {
                buf.writeBytes(bytes);
                done = rsm.decode(buf, out);
            }
            assertThat(done).as("complete reply decoded").isTrue();
            assertThat(buf.isReadable()).isFalse();
            return out.get();
        } finally {
            buf.release();
            rsm.close();
        }
    }

    /** Lettuce cannot tell them apart; the reply checks accept either (docs/compatibility.md). */
    @Test
    void statusArrivesAsABulkString() {
        assertThat(decode("+PONG\r\n")).isEqualTo(RespValue.bulk("PONG"));
        assertThat(decode("$4\r\nPONG\r\n")).isEqualTo(RespValue.bulk("PONG"));
    }

    @Test
    void scalars() {
        assertThat(decode("-ERR no such key\r\n")).isEqualTo(RespValue.error("ERR no such key"));
        assertThat(decode(":-42\r\n")).isEqualTo(RespValue.integer(-42));
        assertThat(decode("$-1\r\n")).isEqualTo(RespValue.NULL);
        assertThat(decode("$0\r\n\r\n")).isEqualTo(RespValue.bulk(""));
        assertThat(decode("*-1\r\n")).isEqualTo(RespValue.NULL_ARRAY);
        assertThat(decode("*0\r\n")).isEqualTo(RespValue.array(List.of()));
    }

    @Test
    void binaryBulkIsKept() {
        RespValue v = decode("$4\r\n\u0000\r\n\u00ff\r\n");
        assertThat(((RespValue.BulkString) v).bytes()).containsExactly(0, '\r', '\n', (byte) 0xff);
    }

    @Test
    void queuedHasNoValueInLettuceAndBecomesQueued() {
        assertThat(decode("+QUEUED\r\n")).isEqualTo(RespValue.bulk("QUEUED"));
    }

    @Test
    void isMasterDownReply() {
        assertThat(decode("*3\r\n:1\r\n$40\r\n0123456789012345678901234567890123456789\r\n:7\r\n", true))
                .isEqualTo(RespValue.array(RespValue.integer(1),
                        RespValue.bulk("0123456789012345678901234567890123456789"), RespValue.integer(7)));
    }

    @Test
    void execWithErrorsAndNesting() {
        String wire = "*5\r\n+OK\r\n-NOTBUSY No scripts in execution right now.\r\n:3\r\n"
                + "*2\r\n*0\r\n*2\r\n$1\r\na\r\n$-1\r\n*-1\r\n";
        RespValue expected = RespValue.array(
                RespValue.bulk("OK"),
                RespValue.error("NOTBUSY No scripts in execution right now."),
                RespValue.integer(3),
                RespValue.array(RespValue.array(List.of()), RespValue.array(RespValue.bulk("a"), RespValue.NULL)),
                RespValue.NULL_ARRAY);
        assertThat(decode(wire)).isEqualTo(expected);
        assertThat(decode(wire, true)).isEqualTo(expected);
    }
}
