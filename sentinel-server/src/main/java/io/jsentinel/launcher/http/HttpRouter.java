package io.jsentinel.launcher.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's requests, answered one at a time and in order (HTTP/1.1 pipelining): while an answer is
 * pending (a switchover), later requests wait in a short queue and the connection stops reading. Answers are
 * written from the future's callback on the connection's event loop; nothing here blocks, and nothing here runs
 * on the sentinel loop.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Pipelined requests held while one is pending; past this the client is misbehaving and is disconnected. */
    static final int MAX_QUEUED = 8;

    private final HttpEndpoints endpoints;
    private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
    private boolean pending;

    HttpRouter(HttpEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (pending) {
            if (queued.size() >= MAX_QUEUED) {
                ctx.close();
                return;
            }
            queued.add(request.retain());
            return;
        }
        serve(ctx, request);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        boolean head = request.method().equals(HttpMethod.HEAD);
        HttpVersion version = request.protocolVersion();
        CompletableFuture<Reply> reply;
        try {
            reply = endpoints.handle(request);
        } catch (RuntimeException e) {
            MetricsHttpServer.LOG.warn("HTTP {} {} failed: {}", request.method(), request.uri(), e.toString(), e);
            reply = CompletableFuture.completedFuture(Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal", e.toString()));
        }
        if (reply.isDone()) {
            write(ctx, reply.join(), head, keepAlive, version);
            return;
        }
        pending = true;
        ctx.channel().config().setAutoRead(false);
        reply.whenComplete((r, e) -> ctx.executor().execute(() -> {
            pending = false;
            Reply answer = e == null ? r : Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                    e.toString());
            if (!ctx.channel().isActive()) {
                releaseQueued();
                return; // the client went away; the switchover itself went on regardless
            }
            write(ctx, answer, head, keepAlive, version);
            ctx.channel().config().setAutoRead(true);
            drain(ctx);
        }));
    }

    private void drain(ChannelHandlerContext ctx) {
        while (!pending && !queued.isEmpty() && ctx.channel().isActive()) {
            FullHttpRequest next = queued.poll();
            try {
                serve(ctx, next);
            } finally {
                next.release();
            }
        }
    }

    private static void write(ChannelHandlerContext ctx, Reply r, boolean head, boolean keepAlive, HttpVersion v) {
        FullHttpResponse response = new DefaultFullHttpResponse(v, r.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            if (v.equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // an idle connection is closed, unless it waits for a switchover's answer
        if (evt instanceof IdleStateEvent && !pending) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseQueued();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        MetricsHttpServer.LOG.debug("HTTP connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void releaseQueued() {
        FullHttpRequest r;
        while ((r = queued.poll()) != null) {
            r.release();
        }
    }
}
