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
 * <p>The tree is assembled from the element counts announced by array headers, so it does not depend
 * on when Lettuce calls {@link #complete(int)}. Error replies become {@link RespValue.Error} values
 * instead of failing the command: the sentinel must see {@code -LOADING}, {@code -BUSY} and errors
 * inside an {@code EXEC} reply. Lettuce swallows a top-level {@code +QUEUED} (it never reaches the
 * output), so a reply with no value at all is reported as the status {@code QUEUED}.
 */
final class RespValueOutput extends CommandOutput<byte[], byte[], RespValue> {

    static final RespValue QUEUED = RespValue.simple("QUEUED");

    /** An array being filled: how many items it still expects and those seen so far. */
    private static final class Frame {
        final int expected;
        final List<RespValue> items;

        Frame(int expected) {
            this.expected = expected;
            this.items = new ArrayList<>(Math.min(expected, 16));
        }
    }

    private final Deque<Frame> open = new ArrayDeque<>();
    private final boolean statusFromBulk;
    private RespValue result;

    /**
     * @param statusFromBulk report a top-level bulk string as a status. Needed on pub/sub
     *        connections only: there Lettuce records each reply and replays it into this output,
     *        and its replay turns a status into a bulk string. The commands sent on such a
     *        connection (AUTH, CLIENT SETNAME, SUBSCRIBE) never reply with a top-level bulk.
     */
    RespValueOutput(boolean statusFromBulk) {
        super(ByteArrayCodec.INSTANCE, null);
        this.statusFromBulk = statusFromBulk;
    }

    @Override
    public RespValue get() {
        if (result == null) {
            return QUEUED;
        }
        if (statusFromBulk && result instanceof RespValue.BulkString b) {
            return RespValue.simple(b.utf8());
        }
        return result;
    }

    @Override
    public void set(ByteBuffer bytes) {
        add(bytes == null ? RespValue.NULL : new RespValue.BulkString(toBytes(bytes)));
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
        add(RespValue.simple(text(bytes)));
    }

    @Override
    public void setBigNumber(ByteBuffer bytes) {
        add(RespValue.bulk(toBytes(bytes)));
    }

    @Override
    public void set(long integer) {
        add(RespValue.integer(integer));
    }

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
        add(RespValue.error(text(error)));
    }

    @Override
    public void multi(int count) {
        if (count < 0) {
            add(RespValue.NULL_ARRAY);
        } else if (count == 0) {
            add(RespValue.array(List.of()));
        } else {
            open.push(new Frame(count));
        }
    }

    @Override
    public void multiPush(int count) {
        multi(count);
    }

    @Override
    public void multiSet(int count) {
        multi(count);
    }

    @Override
    public void multiMap(int count) {
        // RESP3 only (we never send HELLO); flatten like RESP2 would.
        multi(count < 0 ? count : 2 * count);
    }

    private void add(RespValue value) {
        RespValue v = value;
        while (true) {
            Frame top = open.peek();
            if (top == null) {
                result = v;
                return;
            }
            top.items.add(v);
            if (top.items.size() < top.expected) {
                return;
            }
            open.pop();
            v = new RespValue.Array(List.copyOf(top.items));
        }
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static String text(ByteBuffer buffer) {
        return buffer == null ? "" : new String(toBytes(buffer), StandardCharsets.UTF_8);
    }
}
