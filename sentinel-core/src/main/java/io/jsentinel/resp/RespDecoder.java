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
 * arrived, and argument lists grow as arguments arrive. What one client may hold (unparsed bytes plus
 * the arguments of an unfinished request) is bounded; over the bound the connection is closed without a
 * reply, as Redis does past {@code client-query-buffer-limit}.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RespDecoder.class);
    /** Redis' PROTO_INLINE_MAX_SIZE: longest inline line or length line. */
    public static final int INLINE_MAX = 64 * 1024;
    /** Redis' default proto-max-bulk-len. */
    public static final long MAX_BULK = 512L * 1024 * 1024;
    /** Redis 7.0 refuses multibulk counts above INT_MAX. */
    public static final long MAX_MULTIBULK = Integer.MAX_VALUE;

    /** Our default bound on one client's unparsed input plus parsed arguments of an unfinished request. */
    public static final long DEFAULT_QUERY_BUFFER_LIMIT = 1024 * 1024;

    private final BooleanSupplier authRequired;
    private final long queryBufferLimit;
    private final java.util.concurrent.atomic.AtomicLong sharedHeld;
    private final long sharedLimit;
    private long held;
    private long argvBytes;
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
        this(authRequired, DEFAULT_QUERY_BUFFER_LIMIT, null, Long.MAX_VALUE);
    }

    /**
     * @param authRequired whether the client still has to authenticate (tighter limits apply then)
     * @param queryBufferLimit most bytes one client may have buffered (Redis' client-query-buffer-limit);
     *        over it the connection is closed without a reply, as Redis does
     * @param sharedHeld bytes buffered by all clients together, or null
     * @param sharedLimit bound on {@code sharedHeld}; the client whose input crosses it is closed
     */
    public RespDecoder(BooleanSupplier authRequired, long queryBufferLimit,
            java.util.concurrent.atomic.AtomicLong sharedHeld, long sharedLimit) {
        this.authRequired = authRequired;
        this.queryBufferLimit = queryBufferLimit;
        this.sharedHeld = sharedHeld;
        this.sharedLimit = sharedLimit;
    }

    /** Bytes this client currently holds: unparsed input and the arguments of an unfinished request. */
    public long held() {
        return held;
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
        account(ctx, in.readableBytes() + argvBytes);
    }

    private void account(ChannelHandlerContext ctx, long nowHeld) {
        long delta = nowHeld - held;
        held = nowHeld;
        long total = sharedHeld == null ? 0 : sharedHeld.addAndGet(delta);
        if (!failed && (nowHeld > queryBufferLimit || total > sharedLimit)) {
            failed = true;
            argv = null;
            argvBytes = 0;
            log.warn("Closing client that reached max query buffer length: {} (held {} bytes, all clients {})",
                    ctx.channel().remoteAddress(), nowHeld, total);
            ctx.close();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (sharedHeld != null) {
            sharedHeld.addAndGet(-held);
        }
        held = 0;
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
            argvBytes += arg.length + 16L; // the array and its slot
            bulkLength = -1;
            remaining--;
        }
        RespRequest.Command command = new RespRequest.Command(argv);
        argv = null;
        argvBytes = 0;
        return command;
    }

    private RespRequest inline(ByteBuf in) {
        int start = in.readerIndex();
        // Redis finds the newline with strchr(), which stops at a NUL byte: a NUL before the newline
        // leaves the request waiting (until the inline limit), exactly as there.
        int nul = in.indexOf(start, in.writerIndex(), (byte) 0);
        int nl = in.indexOf(start, nul < 0 ? in.writerIndex() : nul, (byte) '\n');
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
        argvBytes = 0;
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
