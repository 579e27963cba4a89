package io.jsentinel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link RespValue}s in RESP2 or RESP3, as Redis 7.0 does for each reply kind.
 *
 * <p>RESP2 downgrades: map → flat array, set and push → array, null → {@code $-1}, null array →
 * {@code *-1}, boolean → {@code :1}/{@code :0}, double → bulk string.
 */
public final class RespEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private RespEncoder() {
    }

    /** Appends {@code value} to {@code out} in protocol {@code proto} (2 or 3). */
    public static void encode(RespValue value, int proto, ByteBuf out) {
        boolean resp3 = proto >= 3;
        if (value instanceof RespValue.SimpleString s) {
            line(out, '+', s.text());
        } else if (value instanceof RespValue.Error e) {
            line(out, '-', e.text());
        } else if (value instanceof RespValue.Integer i) {
            number(out, ':', i.value());
        } else if (value instanceof RespValue.BulkString b) {
            bulk(out, b.bytes());
        } else if (value instanceof RespValue.Array a) {
            aggregate(out, '*', a.items(), proto);
        } else if (value instanceof RespValue.MapValue m) {
            Map<RespValue, RespValue> entries = m.entries();
            number(out, resp3 ? '%' : '*', resp3 ? entries.size() : 2L * entries.size());
            for (Map.Entry<RespValue, RespValue> e : entries.entrySet()) {
                encode(e.getKey(), proto, out);
                encode(e.getValue(), proto, out);
            }
        } else if (value instanceof RespValue.SetValue s) {
            aggregate(out, resp3 ? '~' : '*', s.items(), proto);
        } else if (value instanceof RespValue.Push p) {
            aggregate(out, resp3 ? '>' : '*', p.items(), proto);
        } else if (value instanceof RespValue.Null) {
            out.writeBytes(resp3 ? NULL3 : NULL_BULK2);
        } else if (value instanceof RespValue.NullArray) {
            out.writeBytes(resp3 ? NULL3 : NULL_ARRAY2);
        } else if (value instanceof RespValue.Bool b) {
            if (resp3) {
                out.writeBytes(b.value() ? TRUE3 : FALSE3);
            } else {
                number(out, ':', b.value() ? 1 : 0);
            }
        } else if (value instanceof RespValue.Double d) {
            String text = formatDouble(d.value());
            if (resp3) {
                line(out, ',', text);
            } else {
                bulk(out, text.getBytes(StandardCharsets.US_ASCII));
            }
        } else {
            throw new IllegalArgumentException("value: " + value + " (expected: a known RespValue kind)");
        }
    }

    /** {@code value} as bytes, for tests and cached replies. */
    public static byte[] toBytes(RespValue value, int proto) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encode(value, proto, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE3 = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE3 = "#f\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Redis writes doubles with %.17g, and inf/-inf/nan spelled out (RESP3 spec). */
    static String formatDouble(double d) {
        if (java.lang.Double.isNaN(d)) {
            return "nan";
        }
        if (java.lang.Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        return java.lang.Double.toString(d);
    }

    private static void aggregate(ByteBuf out, char marker, List<RespValue> items, int proto) {
        number(out, marker, items.size());
        for (RespValue item : items) {
            encode(item, proto, out);
        }
    }

    private static void bulk(ByteBuf out, byte[] bytes) {
        number(out, '$', bytes.length);
        out.writeBytes(bytes);
        out.writeBytes(CRLF);
    }

    private static void line(ByteBuf out, char marker, String text) {
        out.writeByte(marker);
        // Simple strings and errors must stay on one line, as Redis' addReplyError sanitises them.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                text = text.replace('\r', ' ').replace('\n', ' ');
                break;
            }
        }
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }

    private static void number(ByteBuf out, char marker, long n) {
        out.writeByte(marker);
        if (n >= 0 && n < 10) {
            out.writeByte('0' + (int) n);
        } else {
            out.writeCharSequence(Long.toString(n), StandardCharsets.US_ASCII);
        }
        out.writeBytes(CRLF);
    }
}
