package io.jsentinel.link.lettuce;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a link whose peer sends one reply larger than a bound, or a reply header Lettuce would
 * otherwise wait on forever while buffering (a bulk length of 2 GB, a line without end).
 *
 * <p>Lettuce 7.7 has no limit of its own: its {@code CommandHandler} accumulates input until a whole
 * bulk string arrived, however long the peer said it was. This handler sits before it and follows the
 * RESP framing without copying: it counts the bytes of the current top-level reply and closes the
 * channel when they pass {@link #maxReply}. Replies a sentinel reads (INFO, hello messages, role
 * replies) are a few kilobytes; the default bound is 64 MiB.
 */
final class ReplySizeGuard extends ChannelInboundHandlerAdapter {
    static final long DEFAULT_MAX_REPLY = 64L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ReplySizeGuard.class);
    /** Longest header line (type byte, number or simple string) accepted. */
    private static final int MAX_LINE = 64 * 1024;

    private final long maxReply;
    /** Values still to come before the current top-level reply is complete; 0 between replies. */
    private long expected;
    private long replyBytes;
    /** Payload and CRLF still to come of the current bulk string, or -1 while reading a header line. */
    private long bulkRemaining = -1;
    private final StringBuilder line = new StringBuilder();
    private boolean closed;

    ReplySizeGuard(long maxReply) {
        this.maxReply = maxReply;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!closed && msg instanceof ByteBuf buf) {
            String problem = scan(buf, buf.readerIndex(), buf.writerIndex());
            if (problem != null) {
                closed = true;
                LOG.warn("closing link to {}: {}", ctx.channel().remoteAddress(), problem);
                ctx.close();
            }
        }
        if (closed) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** Advances the framing state over {@code [from, to)}; returns why to close, or null. */
    String scan(ByteBuf buf, int from, int to) {
        for (int i = from; i < to;) {
            if (bulkRemaining >= 0) {
                int take = (int) Math.min(bulkRemaining, to - i);
                i += take;
                replyBytes += take;
                bulkRemaining -= take;
                if (bulkRemaining == 0) {
                    bulkRemaining = -1;
                    valuesRead(1);
                }
            } else {
                int lf = buf.forEachByte(i, to - i, ByteProcessor.FIND_LF);
                int end = lf < 0 ? to : lf + 1;
                for (int j = i; j < end && line.length() <= MAX_LINE; j++) {
                    line.append((char) (buf.getByte(j) & 0xff));
                }
                replyBytes += end - i;
                i = end;
                if (line.length() > MAX_LINE) {
                    return "reply line longer than " + MAX_LINE + " bytes";
                }
                if (lf >= 0) {
                    String problem = header(line.toString().trim());
                    line.setLength(0);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            if (replyBytes > maxReply) {
                return "reply larger than " + maxReply + " bytes";
            }
        }
        return null;
    }

    private String header(String l) {
        if (l.isEmpty()) {
            return "empty reply line";
        }
        if (expected == 0) {
            expected = 1;
        }
        char type = l.charAt(0);
        switch (type) {
            case '+', '-', ':', ',', '#', '_', '(' -> valuesRead(1);
            case '$', '=', '!' -> {
                long n = length(l);
                if (n == Long.MIN_VALUE) {
                    return "bad bulk length '" + abbreviate(l) + "'";
                } else if (n + 2 > maxReply) {
                    return "bulk length " + n + " over the limit of " + maxReply + " bytes";
                } else if (n < 0) {
                    valuesRead(1);
                } else {
                    bulkRemaining = n + 2;
                }
            }
            case '*', '%', '~', '>', '|' -> {
                long n = length(l);
                // maps and attributes announce pairs; an attribute precedes the value it describes
                long values = type == '%' || type == '|' ? 2 * n : n;
                if (n == Long.MIN_VALUE) {
                    return "bad aggregate length '" + abbreviate(l) + "'";
                } else if (n > maxReply / 3 || values > maxReply / 3) {
                    return "aggregate of " + n + " elements over the limit";
                } else {
                    valuesRead(n <= 0 ? 1 : (type == '|' ? 0 : 1) - values);
                }
            }
            default -> {
                return "unknown reply type '" + abbreviate(l) + "'";
            }
        }
        return null;
    }

    /** {@code n} values of the current reply were read; an aggregate header reads one and announces more. */
    private void valuesRead(long n) {
        expected -= n;
        if (expected == 0) {
            replyBytes = 0; // a top-level reply is complete
        }
    }

    private static long length(String l) {
        try {
            return Long.parseLong(l.substring(1));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String abbreviate(String l) {
        return l.length() > 40 ? l.substring(0, 40) + "..." : l;
    }
}
