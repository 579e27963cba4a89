package io.jsentinel.launcher.http;

import io.jsentinel.MasterInfo;
import io.jsentinel.RunningSentinel;
import io.jsentinel.SentinelException;
import io.jsentinel.SentinelSnapshot;
import io.jsentinel.SwitchoverResult;
import io.jsentinel.launcher.http.ApiViews.SwitchoverView;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code /v1} routes. Reads come from the published snapshot (never from the sentinel loop, so a request
 * cannot slow it down); a switchover answers when its future completes. Statuses are those of docs/http-api.md.
 */
final class ApiRoutes {
    private final RunningSentinel sentinel;
    private final FailoverHistory history;
    private final HttpAuth auth;
    /** Starts switchovers, so that an implementation that waits for the loop never waits on an I/O thread. */
    private final ExecutorService starter;

    ApiRoutes(RunningSentinel sentinel, FailoverHistory history, HttpAuth auth, ExecutorService starter) {
        this.sentinel = sentinel;
        this.history = history;
        this.auth = auth;
        this.starter = starter;
    }

    /** The answer for {@code /v1/...}; {@code path} holds the decoded segments after {@code v1}. */
    CompletableFuture<Reply> handle(FullHttpRequest request, List<String> path) {
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        boolean post = request.method().equals(HttpMethod.POST);
        if (path.size() == 1 && path.get(0).equals("masters")) {
            return done(!read ? notAllowed("GET, HEAD") : refusedOr(request, List.of("SENTINEL", "MASTERS"),
                    this::masters));
        }
        if (path.size() == 2 && path.get(0).equals("masters")) {
            String name = path.get(1);
            return done(!read ? notAllowed("GET, HEAD") : refusedOr(request, List.of("SENTINEL", "MASTER", name),
                    () -> master(name)));
        }
        if (path.size() == 3 && path.get(0).equals("masters") && path.get(2).equals("switchover")) {
            if (!post) {
                return done(notAllowed("POST"));
            }
            String name = path.get(1);
            Reply refused = auth.refusal(request, List.of("SENTINEL", "FAILOVER", name, "COORDINATED"));
            return refused != null ? done(refused) : switchover(request, name);
        }
        return done(Reply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such path"));
    }

    private Reply refusedOr(FullHttpRequest request, List<String> command, java.util.function.Supplier<Reply> then) {
        Reply refused = auth.refusal(request, command);
        return refused != null ? refused : then.get();
    }

    private Reply masters() {
        return current().map(s -> Reply.json(HttpResponseStatus.OK, ApiViews.masters(s, history)))
                .orElseGet(ApiRoutes::notRunning);
    }

    private Reply master(String name) {
        Optional<SentinelSnapshot> snapshot = current();
        if (snapshot.isEmpty()) {
            return notRunning();
        }
        return snapshot.get().master(name)
                .map(m -> Reply.json(HttpResponseStatus.OK, ApiViews.detail(snapshot.get(), m, history)))
                .orElseGet(() -> noSuchMaster(name));
    }

    private CompletableFuture<Reply> switchover(FullHttpRequest request, String name) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        // A browser cannot send this type to another site without asking first (CORS), so a page cannot make a
        // logged-in operator's browser start a switchover.
        if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith(Reply.JSON_TYPE)) {
            return done(Reply.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "send Content-Type: application/json (the body may be empty)"));
        }
        SwitchoverRequest body;
        try {
            body = SwitchoverRequest.parse(ByteBufUtil.getBytes(request.content()));
        } catch (SwitchoverRequest.BadRequest e) {
            return done(Reply.error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage()));
        }
        Optional<SentinelSnapshot> snapshot = current();
        if (snapshot.isEmpty()) {
            return done(notRunning());
        }
        Optional<MasterInfo> master = snapshot.get().master(name);
        if (master.isEmpty()) {
            return done(noSuchMaster(name));
        }
        CompletableFuture<SwitchoverResult> started;
        try {
            started = CompletableFuture.supplyAsync(() -> sentinel.switchover(name, body.target(), body.timeout()),
                    starter).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return done(Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                    "too many switchover requests are waiting to start"));
        }
        return started.handle((result, failure) -> failure == null ? outcome(result)
                : thrown(name, master.get(), unwrap(failure)));
    }

    /** The status of each way a switchover can end (docs/http-api.md). */
    static Reply outcome(SwitchoverResult r) {
        HttpResponseStatus status = switch (r.outcome()) {
            case SWITCHED -> HttpResponseStatus.OK;
            case ABORTED -> HttpResponseStatus.CONFLICT;
            case TIMED_OUT -> HttpResponseStatus.GATEWAY_TIMEOUT;
            case REFUSED -> refusalStatus(r.error());
        };
        if (status.equals(HttpResponseStatus.NOT_FOUND)) {
            return noSuchMaster(r.master());
        }
        return Reply.json(status, SwitchoverView.of(r));
    }

    private static HttpResponseStatus refusalStatus(String error) {
        String e = error == null ? "" : error;
        if (e.startsWith("INPROG")) {
            return HttpResponseStatus.CONFLICT;
        }
        if (e.contains("No such master")) {
            return HttpResponseStatus.NOT_FOUND;
        }
        return HttpResponseStatus.UNPROCESSABLE_ENTITY;
    }

    private static Reply thrown(String name, MasterInfo master, Throwable failure) {
        if (failure instanceof SentinelException e) {
            // an implementation may refuse by throwing, as failover() does: answered as a REFUSED result
            return outcome(new SwitchoverResult(name, SwitchoverResult.Outcome.REFUSED, master.address(),
                    Optional.empty(), 0, e.getMessage(), List.of()));
        }
        if (failure instanceof UnsupportedOperationException) {
            return Reply.error(HttpResponseStatus.NOT_IMPLEMENTED, "not_implemented",
                    "this sentinel cannot run a coordinated switchover");
        }
        if (failure instanceof RejectedExecutionException || failure instanceof IllegalStateException) {
            return Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", String.valueOf(failure.getMessage()));
        }
        MetricsHttpServer.LOG.warn("switchover of {} failed: {}", name, failure.toString(), failure);
        return Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", failure.toString());
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private Optional<SentinelSnapshot> current() {
        return sentinel.isRunning() ? Optional.ofNullable(sentinel.snapshot()) : Optional.empty();
    }

    static Reply notAllowed(String allow) {
        return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "allowed: " + allow)
                .withHeader(HttpHeaderNames.ALLOW.toString(), allow);
    }

    private static Reply noSuchMaster(String name) {
        return Reply.error(HttpResponseStatus.NOT_FOUND, "no_such_master", "No such master with that name: " + name);
    }

    private static Reply notRunning() {
        return Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "the sentinel is not running");
    }

    private static CompletableFuture<Reply> done(Reply r) {
        return CompletableFuture.completedFuture(r);
    }
}
