package io.jsentinel.launcher.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jsentinel.RunningSentinel;
import io.jsentinel.SentinelSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server (the JDK's) with two endpoints:
 * <ul>
 * <li>{@code GET /metrics}: the registry in Prometheus text format;
 * <li>{@code GET /health}: 200 {@code {"status":"UP"}} while the sentinel runs, is not in TILT and can reach
 * the quorum of every master (the {@code SENTINEL CKQUORUM} rule); otherwise 503
 * {@code {"status":"DOWN","reasons":[...]}}. Either carries {@code "warnings":[...]} while the sentinel is open
 * to anyone on the network ({@code RunningSentinel.securityWarning()}).
 * </ul>
 * One worker thread: scrapes are rare and cheap, and requests never touch the sentinel loop.
 */
public final class MetricsHttpServer implements AutoCloseable {
    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService worker;
    private final RunningSentinel sentinel;
    private final PrometheusMeterRegistry registry;

    private MetricsHttpServer(HttpServer http, RunningSentinel sentinel, PrometheusMeterRegistry registry) {
        this.http = http;
        this.sentinel = sentinel;
        this.registry = registry;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sentinel-metrics-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(worker);
        http.createContext("/metrics", this::metrics);
        http.createContext("/health", this::health);
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts serving.
     *
     * @param host the address to listen on; null or {@code *} for all interfaces
     */
    public static MetricsHttpServer start(String host, int port, RunningSentinel sentinel,
                                          PrometheusMeterRegistry registry) throws IOException {
        InetSocketAddress addr = host == null || host.equals("*") ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        MetricsHttpServer s = new MetricsHttpServer(HttpServer.create(addr, 16), sentinel, registry);
        s.http.start();
        return s;
    }

    /** The bound port. */
    public int port() {
        return http.getAddress().getPort();
    }

    private void metrics(HttpExchange ex) throws IOException {
        if (!allowed(ex)) {
            return;
        }
        reply(ex, 200, PROMETHEUS_TYPE, registry.scrape());
    }

    private void health(HttpExchange ex) throws IOException {
        if (!allowed(ex)) {
            return;
        }
        List<String> reasons = reasons(sentinel);
        // an open sentinel is healthy but should not go unnoticed: a warning, not a reason to be DOWN
        String warnings = sentinel.isRunning() ? sentinel.securityWarning().map(w -> ",\"warnings\":[" + json(w) + "]")
                .orElse("") : "";
        String body = reasons.isEmpty() ? "{\"status\":\"UP\"" + warnings + "}\n"
                : "{\"status\":\"DOWN\",\"reasons\":[" + String.join(",", reasons.stream().map(MetricsHttpServer::json)
                .toList()) + "]" + warnings + "}\n";
        reply(ex, reasons.isEmpty() ? 200 : 503, "application/json", body);
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

    private static boolean allowed(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("GET") || m.equals("HEAD")) {
            return true;
        }
        ex.getResponseHeaders().add("Allow", "GET, HEAD");
        reply(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() {
        http.stop(0);
        worker.shutdownNow();
    }
}
