package io.jsentinel.link.lettuce;

import io.jsentinel.resp.RespValue;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds a {@link RespValue} tree from Lettuce's decoder callbacks.
 *
 * <p>Lettuce reports a status reply ({@code +PONG}) exactly as it reports a bulk string, so every string
 * arrives as a {@link RespValue.BulkString}; the sentinel's reply checks accept a bulk string where Redis
 * expects a status (docs/compatibility.md). Error replies become {@link RespValue.Error} values instead of
 * failing the command: the sentinel must see {@code -LOADING}, {@code -BUSY} and errors inside an
 * {@code EXEC} reply. Lettuce swallows a top-level {@code +QUEUED}, so a reply with no value at all is
 * reported as the string {@code QUEUED}. The tree follows the element counts of the array headers, not
 * the moments Lettuce calls {@link #complete(int)}.
 */
final class RespValueOutput extends CommandOutput<byte[], byte[], RespValue> {

    static final RespValue QUEUED = RespValue.bulk("QUEUED");

    /** An array being filled: the items it announced and those seen so far. */
    private record Frame(int expected, List<RespValue> items) {
    }

    private final Deque<Frame> open = new ArrayDeque<>();
    private RespValue result;

    RespValueOutput() {
        super(ByteArrayCodec.INSTANCE, null);
    }

    @Override
    public RespValue get() {
        return result == null ? QUEUED : result;
    }

    @Override
    public void set(ByteBuffer bytes) {
        add(bytes == null ? RespValue.NULL : new RespValue.BulkString(toBytes(bytes)));
    }

    @Override
    public void set(long integer) {
        add(RespValue.integer(integer));
    }

    // RESP3 types: we never send HELLO, but a hostile peer may still send them.
    @Override
    public void set(double number) {
        add(new RespValue.Double(number));
    }

    @Override
    public void set(boolean value) {
        add(new RespValue.Bool(value));
    }

    @Override
    public void setError(ByteBuffer error) {
        add(RespValue.error(error == null ? "" : new String(toBytes(error), StandardCharsets.UTF_8)));
    }

    @Override
    public void multi(int count) {
        if (count < 0) {
            add(RespValue.NULL_ARRAY);
        } else if (count == 0) {
            add(RespValue.array(List.of()));
        } else {
            open.push(new Frame(count, new ArrayList<>(Math.min(count, 16))));
        }
    }

    private void add(RespValue value) {
        RespValue v = value;
        for (Frame top = open.peek(); top != null; top = open.peek()) {
            top.items.add(v);
            if (top.items.size() < top.expected) {
                return;
            }
            open.pop();
            v = new RespValue.Array(List.copyOf(top.items));
        }
        result = v;
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
