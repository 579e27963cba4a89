package io.jsentinel.resp;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Feeds bytes to a {@link RespDecoder} in chunks and describes what came out. */
final class DecoderHarness {
    private DecoderHarness() {
    }

    /** Result of one run: the decoded units ("a|b" for commands, "ERROR msg") and the decoder's bound check. */
    record Run(List<String> units, long maxHeld, boolean open) {
    }

    static Run decode(byte[] input, Random chunks, boolean authRequired, long limit) {
        RespDecoder decoder = new RespDecoder(() -> authRequired, limit, null, Long.MAX_VALUE);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        long maxHeld = 0;
        int i = 0;
        while (i < input.length && ch.isOpen()) {
            int n = chunks == null ? input.length : 1 + chunks.nextInt(Math.min(input.length - i, 64) + 0);
            n = Math.min(n, input.length - i);
            ch.writeInbound(Unpooled.wrappedBuffer(input, i, n));
            i += n;
            maxHeld = Math.max(maxHeld, decoder.held());
        }
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof RespRequest.Command c) {
                if (c.argv().isEmpty()) {
                    throw new AssertionError("empty argv");
                }
                List<String> words = new ArrayList<>();
                for (byte[] a : c.argv()) {
                    words.add(new String(a, StandardCharsets.ISO_8859_1));
                }
                out.add(String.join("|", words));
            } else if (o instanceof RespRequest.ProtocolError e) {
                out.add("ERROR " + e.message());
            } else {
                throw new AssertionError("unexpected output " + o);
            }
        }
        boolean open = ch.isOpen();
        ch.finishAndReleaseAll();
        return new Run(out, maxHeld, open);
    }

    /** RESP multibulk encoding of one command. */
    static byte[] multibulk(List<byte[]> argv) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.writeBytes(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            o.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            o.writeBytes(a);
            o.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return o.toByteArray();
    }

    /**
     * One generated hostile input: fragments of valid RESP and inline requests, lengths that are huge,
     * negative, non-numeric or with leading zeros, stray CR/LF/NUL, quotes and random bytes.
     */
    static byte[] hostile(Random r) {
        String[] pieces = {"*", "$", "\r\n", "\r", "\n", "\u0000", "\"", "'", "\\x4", "\\", " ", "-1", "0", "01", "+3",
            "2147483648", "9223372036854775808", "99999999999", "536870913", "16385", "11", "3", "PING", "ping",
            "SENTINEL", "masters", "AUTH", "x", "\u00ff\u00fe", "*3\r\n", "$4\r\nPING\r\n", "*1\r\n$4\r\nPING\r\n",
            "PING \"a b\"\r\n", "*-5\r\n", "$-1\r\n", "*0\r\n", "{", "}"};
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        int parts = 1 + r.nextInt(24);
        for (int i = 0; i < parts; i++) {
            switch (r.nextInt(10)) {
                case 0 -> {
                    byte[] junk = new byte[1 + r.nextInt(16)];
                    r.nextBytes(junk);
                    o.writeBytes(junk);
                }
                case 1 -> o.writeBytes(String.valueOf(r.nextLong()).getBytes(StandardCharsets.US_ASCII));
                default -> o.writeBytes(pieces[r.nextInt(pieces.length)].getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return o.toByteArray();
    }
}
