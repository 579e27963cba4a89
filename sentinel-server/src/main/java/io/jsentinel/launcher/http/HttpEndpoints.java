package io.jsentinel.launcher.http;

import io.jsentinel.RunningSentinel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What each path of the metrics port answers: {@code /metrics} and {@code /health} as they always did (no
 * authentication, GET and HEAD), and {@code /v1/...} when the API is on.
 */
final class HttpEndpoints {
    private final RunningSentinel sentinel;
    private final PrometheusMeterRegistry registry;
    /** Null when {@code http-api} is off: {@code /v1} is then an unknown path like any other. */
    private final ApiRoutes api;

    HttpEndpoints(RunningSentinel sentinel, PrometheusMeterRegistry registry, ApiRoutes api) {
        this.sentinel = sentinel;
        this.registry = registry;
        this.api = api;
    }

    CompletableFuture<Reply> handle(FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            return done(Reply.error(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed HTTP request"));
        }
        List<String> path;
        try {
            path = segments(request.uri());
        } catch (IllegalArgumentException e) {
            return done(Reply.error(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed path"));
        }
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (path.equals(List.of("metrics"))) {
            return done(read ? Reply.text(HttpResponseStatus.OK, MetricsHttpServer.PROMETHEUS_TYPE, registry.scrape())
                    : ApiRoutes.notAllowed("GET, HEAD"));
        }
        if (path.equals(List.of("health"))) {
            return done(read ? health() : ApiRoutes.notAllowed("GET, HEAD"));
        }
        if (api != null && !path.isEmpty() && path.get(0).equals("v1")) {
            return api.handle(request, path.subList(1, path.size()));
        }
        return done(Reply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such path"));
    }

    /**
     * 200 {@code {"status":"UP"}}, or 503 {@code {"status":"DOWN","reasons":[...]}}; either with
     * {@code "warnings":[...]} while the sentinel is open to anyone on the network.
     */
    private Reply health() {
        List<String> reasons = MetricsHttpServer.reasons(sentinel);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", reasons.isEmpty() ? "UP" : "DOWN");
        if (!reasons.isEmpty()) {
            body.put("reasons", reasons);
        }
        // an open sentinel is healthy but should not go unnoticed: a warning, not a reason to be DOWN
        if (sentinel.isRunning()) {
            sentinel.securityWarning().ifPresent(w -> body.put("warnings", List.of(w)));
        }
        return Reply.json(reasons.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    /** The decoded path segments: {@code /v1/masters/a%2Fb} is {@code [v1, masters, a/b]}. */
    static List<String> segments(String uri) {
        String raw = new QueryStringDecoder(uri).rawPath();
        List<String> out = new ArrayList<>();
        for (String s : raw.split("/", -1)) {
            out.add(QueryStringDecoder.decodeComponent(s));
        }
        // "/a/b" splits into "", "a", "b": the leading empty segment is the root
        if (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        return out;
    }

    private static CompletableFuture<Reply> done(Reply r) {
        return CompletableFuture.completedFuture(r);
    }
}
