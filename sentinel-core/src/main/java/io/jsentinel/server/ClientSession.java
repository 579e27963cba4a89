package io.jsentinel.server;

import io.jsentinel.resp.RespEncoder;
import io.jsentinel.resp.RespRequest;
import io.jsentinel.resp.RespValue;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its protocol, name, user and subscriptions, and the in-order execution of
 * its commands.
 *
 * <p>Commands of one read are executed as one batch and their replies flushed once. A batch runs on
 * the I/O thread when none of its commands touches sentinel state and no earlier batch of this
 * session is still queued; otherwise the whole batch runs as one task on the backend loop. The
 * pending count is decremented on the I/O thread only after that batch's replies were written, so
 * replies never overtake each other.
 */
public final class ClientSession extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    /** Redis' CLIENT REPLY modes. */
    public enum ReplyMode { ON, OFF, SKIP }

    private final SentinelServer server;
    private final long id;
    private final long createdMillis = System.currentTimeMillis();
    private Channel channel;
    private volatile int proto = 2;
    private volatile String name;
    private volatile AclUser user;
    private volatile boolean authenticated;
    private volatile long lastInteractionMillis = createdMillis;
    private volatile String lastCommand = "NULL";
    private ReplyMode replyMode = ReplyMode.ON;
    private boolean skipThis;
    private boolean closeAfterReply;
    private volatile boolean tracking;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();

    private List<RespRequest> batch = new ArrayList<>();
    private int pendingOnLoop;
    private ByteBuf out;

    ClientSession(SentinelServer server, long id) {
        this.server = server;
        this.id = id;
        AclUser def = server.acl().get(AclStore.DEFAULT_USER);
        this.user = def;
        this.authenticated = def != null && !server.acl().defaultNeedsAuth();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        server.register(this);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        server.unregister(this);
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RespRequest r) {
            batch.add(r);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (batch.isEmpty()) {
            return;
        }
        List<RespRequest> todo = batch;
        batch = new ArrayList<>();
        if (pendingOnLoop == 0 && server.commands().canRunOnIoThread(todo)) {
            ByteBuf replies = runBatch(todo);
            writeReplies(replies);
        } else {
            pendingOnLoop++;
            server.backend().loop().execute(() -> {
                ByteBuf replies = runBatch(todo);
                channel.eventLoop().execute(() -> {
                    pendingOnLoop--;
                    writeReplies(replies);
                });
            });
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {} closed after error: {}", id, cause.toString());
        ctx.close();
    }

    private ByteBuf runBatch(List<RespRequest> requests) {
        out = channel.alloc().buffer(64);
        try {
            for (RespRequest r : requests) {
                if (closeAfterReply) {
                    break;
                }
                lastInteractionMillis = System.currentTimeMillis();
                if (r instanceof RespRequest.ProtocolError e) {
                    server.stats().errorReplies.increment();
                    forceReply(RespValue.error("ERR Protocol error: " + e.message()));
                    closeAfterReply = true;
                } else if (r instanceof RespRequest.Command c) {
                    server.stats().commands.increment();
                    try {
                        server.commands().execute(this, c.argv());
                    } catch (RuntimeException ex) {
                        log.warn("client {}: command {} failed", id, c.name(), ex);
                        reply(RespValue.error("ERR " + ex));
                    }
                }
            }
            return out;
        } finally {
            out = null;
        }
    }

    private void writeReplies(ByteBuf replies) {
        boolean close = closeAfterReply;
        if (replies.isReadable()) {
            server.stats().outputBytes.add(replies.readableBytes());
            if (close) {
                channel.writeAndFlush(replies).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.writeAndFlush(replies, channel.voidPromise());
            }
        } else {
            replies.release();
            if (close) {
                channel.close();
            }
        }
    }

    /** Appends a reply of the running command, unless CLIENT REPLY OFF/SKIP suppresses it. */
    public void reply(RespValue value) {
        if (value instanceof RespValue.Error) {
            server.stats().errorReplies.increment();
        }
        if (replyMode != ReplyMode.ON || skipThis) {
            return;
        }
        RespEncoder.encode(value, proto, out);
    }

    /** Appends a reply even in CLIENT REPLY OFF (protocol errors, as Redis does). */
    void forceReply(RespValue value) {
        RespEncoder.encode(value, proto, out);
    }

    /** Delivers a Pub/Sub message; callable from any thread. */
    void push(RespValue message) {
        Channel ch = channel;
        if (ch == null || replyMode == ReplyMode.OFF) {
            return;
        }
        ByteBuf buf = ch.alloc().buffer();
        RespEncoder.encode(message, proto, buf);
        ch.writeAndFlush(buf, ch.voidPromise());
    }

    /** Called by the dispatcher before each command: handles CLIENT REPLY SKIP's one-shot silence. */
    public void beginCommand(String fullName) {
        lastCommand = fullName;
        skipThis = replyMode == ReplyMode.SKIP;
        if (skipThis) {
            replyMode = ReplyMode.ON;
        }
    }

    public void setReplyMode(ReplyMode mode) {
        replyMode = mode;
        // CLIENT REPLY SKIP silences the next command, not itself; OFF silences itself too.
        skipThis = mode == ReplyMode.OFF;
    }

    /** Closes the connection once the replies of the current batch are written. */
    public void closeAfterReply() {
        closeAfterReply = true;
    }

    /** Closes now, from any thread (CLIENT KILL of another client, ACL DELUSER). */
    public void kill() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    public boolean tracking() {
        return tracking;
    }

    public void tracking(boolean on) {
        tracking = on;
    }

    public SentinelServer server() {
        return server;
    }

    public long id() {
        return id;
    }

    public int proto() {
        return proto;
    }

    public void proto(int p) {
        proto = p;
    }

    public String name() {
        return name;
    }

    public void name(String n) {
        name = n;
    }

    public AclUser user() {
        return user;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticate(AclUser u) {
        user = u;
        authenticated = true;
    }

    /** Redis' authRequired(c). */
    public boolean authRequired() {
        return !authenticated && server.acl().defaultNeedsAuth();
    }

    public Set<String> channels() {
        return channels;
    }

    public Set<String> patterns() {
        return patterns;
    }

    public int subscriptionCount() {
        return channels.size() + patterns.size();
    }

    public boolean subscribed() {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** Redis updates the last interaction on every read, not only on whole commands. */
    void touch() {
        lastInteractionMillis = System.currentTimeMillis();
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    public String lastCommand() {
        return lastCommand;
    }

    public InetSocketAddress remoteAddress() {
        return channel == null ? null : (InetSocketAddress) channel.remoteAddress();
    }

    public InetSocketAddress localAddress() {
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }
}
