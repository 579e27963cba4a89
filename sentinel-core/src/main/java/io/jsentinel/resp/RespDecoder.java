package io.jsentinel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Incremental, bounded decoder of client requests: RESP multibulk and inline commands, exactly as
 * Redis 7.0's {@code processMultibulkBuffer}/{@code processInlineBuffer} accept them.
 *
 * <p>Emits {@link RespRequest.Command}s; on malformed input emits one {@link RespRequest.ProtocolError}
 * and discards everything after it, since Redis closes the connection after the error reply.
 * Nothing is allocated from a length the client claims: a bulk is read only once all its bytes
 * arrived, and argument lists grow as arguments arrive.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** Redis' PROTO_INLINE_MAX_SIZE: longest inline line or length line. */
    public static final int INLINE_MAX = 64 * 1024;
    /** Redis' default proto-max-bulk-len. */
    public static final long MAX_BULK = 512L * 1024 * 1024;
    /** Redis 7.0 refuses multibulk counts above INT_MAX. */
    public static final long MAX_MULTIBULK = Integer.MAX_VALUE;

    private final BooleanSupplier authRequired;
    private List<byte[]> argv;
    private long remaining;
    private long bulkLength = -1;
    private boolean failed;

    /** A decoder for a client that never needs authentication. */
    public RespDecoder() {
        this(() -> false);
    }

    /** @param authRequired whether the client still has to authenticate (tighter limits apply then) */
    public RespDecoder(BooleanSupplier authRequired) {
        this.authRequired = authRequired;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            int before = in.readerIndex();
            RespRequest next = argv == null ? startRequest(in) : continueMultibulk(in);
            if (next != null) {
                out.add(next);
            } else if (argv != null || in.readerIndex() == before) {
                break; // waiting for more bytes; an empty request (blank line, *0) just loops on
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private RespRequest startRequest(ByteBuf in) {
        int start = in.readerIndex();
        if (in.getByte(start) != '*') {
            return inline(in);
        }
        int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
        if (cr < 0) {
            return in.readableBytes() > INLINE_MAX ? fail("too big mbulk count string") : null;
        }
        if (cr + 1 >= in.writerIndex()) {
            return null; // Redis needs the byte after '\r' before it parses the line
        }
        long count = parseLong(in, start + 1, cr);
        if (count == Long.MIN_VALUE || count > MAX_MULTIBULK) {
            return fail("invalid multibulk length");
        }
        if (count > 10 && authRequired.getAsBoolean()) {
            return fail("unauthenticated multibulk length");
        }
        in.readerIndex(cr + 2);
        if (count <= 0) {
            return null;
        }
        argv = new ArrayList<>((int) Math.min(count, 16));
        remaining = count;
        bulkLength = -1;
        return continueMultibulk(in);
    }

    private RespRequest continueMultibulk(ByteBuf in) {
        while (remaining > 0) {
            if (bulkLength < 0) {
                int start = in.readerIndex();
                int cr = in.indexOf(start, in.writerIndex(), (byte) '\r');
                if (cr < 0) {
                    return in.readableBytes() > INLINE_MAX ? fail("too big bulk count string") : null;
                }
                if (cr + 1 >= in.writerIndex()) {
                    return null;
                }
                byte marker = in.getByte(start);
                if (marker != '$') {
                    return fail("expected '$', got '" + (char) (marker & 0xff) + "'");
                }
                long len = parseLong(in, start + 1, cr);
                if (len == Long.MIN_VALUE || len < 0 || len > MAX_BULK) {
                    return fail("invalid bulk length");
                }
                if (len > 16384 && authRequired.getAsBoolean()) {
                    return fail("unauthenticated bulk length");
                }
                in.readerIndex(cr + 2);
                bulkLength = len;
            }
            // Like Redis, the two bytes after the payload are skipped without being checked.
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[(int) bulkLength];
            in.readBytes(arg);
            in.skipBytes(2);
            argv.add(arg);
            bulkLength = -1;
            remaining--;
        }
        RespRequest.Command command = new RespRequest.Command(argv);
        argv = null;
        return command;
    }

    private RespRequest inline(ByteBuf in) {
        int start = in.readerIndex();
        int nl = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            return in.readableBytes() > INLINE_MAX ? fail("too big inline request") : null;
        }
        int end = nl;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        List<byte[]> args = InlineSplitter.split(line, 0, line.length);
        if (args == null) {
            return fail("unbalanced quotes in request");
        }
        return args.isEmpty() ? null : new RespRequest.Command(args);
    }

    private RespRequest fail(String message) {
        failed = true;
        argv = null;
        return new RespRequest.ProtocolError(message);
    }

    /**
     * Parses like Redis' {@code string2ll}: optional '-', no '+', no leading zeros, no spaces.
     *
     * @return the value, or {@link Long#MIN_VALUE} when the text is not a valid number
     */
    static long parseLong(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return Long.MIN_VALUE;
        }
        int p = from;
        boolean negative = false;
        if (in.getByte(p) == '-') {
            negative = true;
            p++;
            if (p == to) {
                return Long.MIN_VALUE;
            }
        }
        byte first = in.getByte(p);
        if (first == '0') {
            return (to - p == 1 && !negative) ? 0 : Long.MIN_VALUE;
        }
        long value = 0;
        for (; p < to; p++) {
            byte c = in.getByte(p);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
