package io.jsentinel.launcher.http;

import io.jsentinel.RunningSentinel;
import io.jsentinel.SentinelSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics port (Netty, HTTP/1.1, one event-loop thread of its own):
 * <ul>
 * <li>{@code GET /metrics}: the registry in Prometheus text format;
 * <li>{@code GET /health}: 200 {@code {"status":"UP"}} while the sentinel runs, is not in TILT and can reach
 * the quorum of every master (the {@code SENTINEL CKQUORUM} rule); otherwise 503
 * {@code {"status":"DOWN","reasons":[...]}}. Either carries {@code "warnings":[...]} while the sentinel is open
 * to anyone on the network ({@code RunningSentinel.securityWarning()}).
 * <li>with {@code http-api yes}, the {@code /v1} API of docs/http-api.md, over TLS when the sentinel has TLS.
 * </ul>
 * Nothing here runs on the sentinel loop: reads use the published snapshot, and a switchover's answer is written
 * when its future completes. Requests are bounded (line, headers, body, connections, idle time), so a slow,
 * hostile or vanished client costs a connection slot at most.
 */
public final class MetricsHttpServer implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger("io.jsentinel.launcher.http");
    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Request bodies: the only one is a switchover's, a few dozen bytes. Larger ones get 413. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_CONNECTIONS = 64;
    static final int IDLE_SECONDS = 30;

    private final EventLoopGroup group;
    private final ExecutorService starter;
    private final Channel server;
    private final FailoverHistory history;
    private final RunningSentinel sentinel;

    private MetricsHttpServer(EventLoopGroup group, ExecutorService starter, Channel server, FailoverHistory history,
                              RunningSentinel sentinel) {
        this.group = group;
        this.starter = starter;
        this.server = server;
        this.history = history;
        this.sentinel = sentinel;
    }

    /** {@code /metrics} and {@code /health} only, over plain HTTP. */
    public static MetricsHttpServer start(String host, int port, RunningSentinel sentinel,
                                          PrometheusMeterRegistry registry) throws IOException {
        return start(host, port, sentinel, registry, HttpApiSettings.off());
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts serving.
     *
     * @param host the address to listen on; null or {@code *} for all interfaces
     */
    public static MetricsHttpServer start(String host, int port, RunningSentinel sentinel,
                                          PrometheusMeterRegistry registry, HttpApiSettings settings)
            throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sentinel-http", true),
                NioIoHandler.newFactory());
        ExecutorService starter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(16), new DefaultThreadFactory("sentinel-http-switchover", true));
        FailoverHistory history = null;
        ApiRoutes api = null;
        if (settings.apiEnabled()) {
            history = new FailoverHistory();
            sentinel.addListener(history);
            api = new ApiRoutes(sentinel, history, new HttpAuth(settings, sentinel), starter);
        }
        HttpEndpoints endpoints = new HttpEndpoints(sentinel, registry, api);
        AtomicInteger open = new AtomicInteger();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > MAX_CONNECTIONS) {
                            open.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        pipeline(ch, settings, endpoints);
                    }
                });
        InetSocketAddress addr = host == null || host.equals("*") ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        try {
            Channel server = b.bind(addr).sync().channel();
            return new MetricsHttpServer(group, starter, server, history, sentinel);
        } catch (Exception e) {
            if (history != null) {
                sentinel.removeListener(history);
            }
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            starter.shutdownNow();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private static void pipeline(SocketChannel ch, HttpApiSettings settings, HttpEndpoints endpoints) {
        ChannelPipeline p = ch.pipeline();
        if (settings.tls() != null) {
            p.addLast("tls", settings.tls().newHandler(ch.alloc()));
        }
        // observeOutput: a client that stops reading our answer is idle too
        p.addLast("idle", new IdleStateHandler(true, 0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(4096)
                .setMaxHeaderSize(8192).setMaxChunkSize(8192)));
        p.addLast("aggregate", new HttpObjectAggregator(MAX_BODY_BYTES));
        p.addLast("route", new HttpRouter(endpoints));
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Why the sentinel is not healthy; empty when it is. */
    static List<String> reasons(RunningSentinel sentinel) {
        List<String> out = new ArrayList<>();
        SentinelSnapshot s = sentinel.isRunning() ? sentinel.snapshot() : null;
        if (s == null) {
            out.add("not running");
            return out;
        }
        out.addAll(s.problems());
        return out;
    }

    /** {@code s} as a JSON string literal. */
    static String json(String s) {
        try {
            return Reply.MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        if (history != null && sentinel.isRunning()) {
            sentinel.removeListener(history);
        }
        starter.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
