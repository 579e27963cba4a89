package io.jsentinel.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RespDecoderTest {

    /** Feeds {@code input} one byte at a time and returns what came out, commands as space-joined words. */
    private static List<String> decodeByteByByte(String input) {
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
        for (byte b : input.getBytes(StandardCharsets.ISO_8859_1)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        return drain(ch);
    }

    private static List<String> drain(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof RespRequest.Command c) {
                List<String> words = new ArrayList<>();
                for (byte[] a : c.argv()) {
                    words.add(new String(a, StandardCharsets.ISO_8859_1));
                }
                out.add(String.join("|", words));
            } else if (o instanceof RespRequest.ProtocolError e) {
                out.add("ERROR " + e.message());
            }
        }
        ch.finishAndReleaseAll();
        return out;
    }

    @Test
    void pipelinedMultibulkAndInlineOneByteAtATime() {
        assertThat(decodeByteByByte("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nPING\r\n$3\r\na b\r\nPING x\r\n\r\n*0\r\n*-1\r\nROLE\n"))
                .containsExactly("PING", "PING|a b", "PING|x", "ROLE");
    }

    @Test
    void inlineQuotingFollowsSdssplitargs() {
        assertThat(decodeByteByByte("SET \"a b\" 'c d' \"\\x41\\n\" 'it\\'s'\r\n"))
                .containsExactly("SET|a b|c d|A\n|it's");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "*1\\r\\n$-5\\r\\n;invalid bulk length",
        "*1\\r\\n$600000000\\r\\n;invalid bulk length",
        "*1\\r\\n$abc\\r\\n;invalid bulk length",
        "*abc\\r\\n;invalid multibulk length",
        "*3000000000\\r\\n;invalid multibulk length",
        "*1\\r\\nx\\r\\n;expected '$', got 'x'",
        "\"abc\\r\\n;unbalanced quotes in request",
        "'a'b\\r\\n;unbalanced quotes in request",
    })
    void malformedInputGivesRedisProtocolErrors(String input, String error) {
        String raw = input.replace("\\r", "\r").replace("\\n", "\n");
        assertThat(decodeByteByByte(raw + "*1\r\n$4\r\nPING\r\n")).containsExactly("ERROR " + error);
    }

    @Test
    void oversizedLinesAreRefusedWithoutWaitingForTheEnd() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[RespDecoder.INLINE_MAX + 1]));
        assertThat(drain(ch)).containsExactly("ERROR too big inline request");
        EmbeddedChannel mb = new EmbeddedChannel(new RespDecoder());
        byte[] digits = new byte[RespDecoder.INLINE_MAX + 2];
        java.util.Arrays.fill(digits, (byte) '1');
        digits[0] = '*';
        mb.writeInbound(Unpooled.wrappedBuffer(digits));
        assertThat(drain(mb)).containsExactly("ERROR too big mbulk count string");
    }

    @Test
    void claimedSizesAreNotAllocatedUpFront() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
        ch.writeInbound(Unpooled.copiedBuffer("*2000000000\r\n$500000000\r\nab", StandardCharsets.US_ASCII));
        assertThat(drain(ch)).isEmpty(); // still waiting, and no 500 MB or 2G-slot array was made
    }

    @Test
    void truncatedInputWaits() {
        assertThat(decodeByteByByte("*2\r\n$4\r\nPING\r\n$3\r\nab")).isEmpty();
    }

    @Test
    void unauthenticatedClientsGetTighterLimits() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(() -> true));
        ch.writeInbound(Unpooled.copiedBuffer("*11\r\n", StandardCharsets.US_ASCII));
        assertThat(drain(ch)).containsExactly("ERROR unauthenticated multibulk length");
    }
}
