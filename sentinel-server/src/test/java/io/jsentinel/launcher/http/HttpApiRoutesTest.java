package io.jsentinel.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsentinel.SentinelException;
import io.jsentinel.SwitchoverResult;
import io.jsentinel.SwitchoverResult.Outcome;
import io.jsentinel.events.EventInfo;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.InstanceRef;
import io.jsentinel.events.SentinelEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Routes, status codes and JSON of the /v1 API against a test double, every answer checked against the OpenAPI. */
class HttpApiRoutesTest {
    static final String SWITCHOVER = "/v1/masters/{name}/switchover";
    static final String JSON = "application/json";
    private final OpenApiContract contract = OpenApiContract.load();
    private final ObjectMapper mapper = new ObjectMapper();
    private FakeSentinel sentinel;
    private MetricsHttpServer server;
    private HttpTester http;

    @BeforeEach
    void start() throws Exception {
        sentinel = new FakeSentinel();
        server = MetricsHttpServer.start("127.0.0.1", 0, sentinel, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new HttpApiSettings(true, HttpApiSettings.Auth.NONE, null, null));
        http = new HttpTester(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> checked(String template, String method, HttpResponse<String> r) {
        contract.assertAnswer(template, method, r.statusCode(), r.body());
        return r;
    }

    @Test
    void theApiIsOffUnlessConfigured() throws Exception {
        FakeSentinel other = new FakeSentinel();
        try (MetricsHttpServer plain = MetricsHttpServer.start("127.0.0.1", 0, other,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpTester t = new HttpTester(plain.port());
            assertThat(t.get("/v1/masters").statusCode()).isEqualTo(404);
            assertThat(t.get("/health").statusCode()).isEqualTo(200);
            assertThat(t.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(other.listeners).isEmpty();
        }
    }

    @Test
    void mastersAndOneMaster() throws Exception {
        HttpResponse<String> list = checked("/v1/masters", "GET", http.get("/v1/masters"));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).contains(JSON);
        assertThat(list.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = mapper.readTree(list.body());
        assertThat(body.path("takenAt").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(body.path("currentEpoch").asLong()).isEqualTo(7);
        assertThat(body.path("masters")).hasSize(2);
        JsonNode m = body.path("masters").get(0);
        assertThat(m.path("name").asText()).isEqualTo("mymaster");
        assertThat(m.path("address").path("port").asInt()).isEqualTo(6379);
        assertThat(m.path("flags").toString()).isEqualTo("[\"master\"]");
        assertThat(m.path("lastFailover").isNull()).isTrue();
        JsonNode r2 = m.path("replicas").get(1);
        assertThat(r2.path("flags").toString()).isEqualTo("[\"slave\",\"s_down\",\"disconnected\"]");
        assertThat(r2.path("offset").asLong()).isEqualTo(4200);
        assertThat(r2.path("lagBytes").asLong()).isEqualTo(800);
        assertThat(r2.path("link").path("pingRttMillis").isNull()).isTrue();
        assertThat(m.path("replicas").get(0).path("lagBytes").asLong()).isZero();
        assertThat(m.path("peers").get(0).path("flags").toString()).isEqualTo("[\"sentinel\",\"master_down\"]");

        HttpResponse<String> one = checked("/v1/masters/{name}", "GET", http.get("/v1/masters/mymaster"));
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(one.body()).path("master").path("name").asText()).isEqualTo("mymaster");
        HttpResponse<String> spaced = checked("/v1/masters/{name}", "GET", http.get("/v1/masters/a%20b"));
        assertThat(mapper.readTree(spaced.body()).path("master").path("name").asText()).isEqualTo("a b");

        HttpResponse<String> none = checked("/v1/masters/{name}", "GET", http.get("/v1/masters/nope"));
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(none.body()).path("error").asText()).isEqualTo("no_such_master");

        HttpResponse<String> head = http.method("HEAD", "/v1/masters");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void lastFailoverFollowsTheEvents() throws Exception {
        Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
        InstanceRef master = new InstanceRef(InstanceRef.Kind.MASTER, "mymaster", FakeSentinel.PRIMARY, "mymaster",
                FakeSentinel.PRIMARY);
        InstanceRef replica = new InstanceRef(InstanceRef.Kind.REPLICA, "127.0.0.1:6380", FakeSentinel.REPLICA1,
                "mymaster", FakeSentinel.PRIMARY);
        sentinel.fire(new SentinelEvent.TryFailover(info(t0), master));
        assertThat(lastFailover()).isEqualTo(mapper.readTree("{\"role\":\"leader\",\"outcome\":\"in_progress\","
                + "\"startedAt\":\"2026-12-03T10:00:00Z\",\"endedAt\":null,\"from\":{\"host\":\"127.0.0.1\",\"port\":6379},"
                + "\"to\":null,\"reason\":null}"));
        sentinel.fire(new SentinelEvent.SelectedSlave(info(t0.plusMillis(5)), replica));
        sentinel.fire(new SentinelEvent.FailoverAbortSlaveTimeout(info(t0.plusSeconds(1)), master));
        assertThat(lastFailover().path("outcome").asText()).isEqualTo("aborted");
        assertThat(lastFailover().path("reason").asText()).isEqualTo("-failover-abort-slave-timeout");
        assertThat(lastFailover().path("to").path("port").asInt()).isEqualTo(6380);

        // learnt from a peer: no start, the switch only
        sentinel.fire(new SentinelEvent.SwitchMaster(info(t0.plusSeconds(9)), "mymaster", FakeSentinel.PRIMARY,
                FakeSentinel.REPLICA2));
        JsonNode observed = lastFailover();
        assertThat(observed.path("role").asText()).isEqualTo("observer");
        assertThat(observed.path("outcome").asText()).isEqualTo("switched");
        assertThat(observed.path("startedAt").isNull()).isTrue();
        assertThat(observed.path("to").path("port").asInt()).isEqualTo(6381);
    }

    private JsonNode lastFailover() throws Exception {
        HttpResponse<String> r = checked("/v1/masters/{name}", "GET", http.get("/v1/masters/mymaster"));
        return mapper.readTree(r.body()).path("master").path("lastFailover");
    }

    static EventInfo info(Instant t) {
        return new EventInfo(EventLevel.WARNING, "mymaster", t);
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        for (String[] c : new String[][] {{"POST", "/v1/masters", "GET, HEAD"}, {"DELETE", "/v1/masters/mymaster",
                "GET, HEAD"}, {"GET", "/v1/masters/mymaster/switchover", "POST"}, {"PUT", "/metrics", "GET, HEAD"},
                {"POST", "/health", "GET, HEAD"}}) {
            HttpResponse<String> r = http.method(c[0], c[1]);
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).contains(c[2]);
            assertThat(mapper.readTree(r.body()).path("error").asText()).isEqualTo("method_not_allowed");
        }
    }

    @Test
    void unknownPathsAre404() throws Exception {
        for (String p : List.of("/", "/v1", "/v1/", "/v2/masters", "/v1/masters/", "/v1/masters/m/other",
                "/v1/masters/mymaster/switchover/x", "/metrics/x", "/favicon.ico")) {
            HttpResponse<String> r = http.get(p);
            assertThat(r.statusCode()).as(p).isEqualTo(404);
            assertThat(contract.validateAgainst("Error", mapper.readTree(r.body()))).isEmpty();
        }
        assertThat(http.raw("GET /v1/masters/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000))
                .startsWith("HTTP/1.1 400 ");
    }

    @Test
    void switchoverAnswersWhenDoneWithoutHoldingTheServer() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(http.request("/v1/masters/mymaster/switchover")
                .header("Content-Type", JSON)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"target\":{\"host\":\"127.0.0.1\",\"port\":6380},\"timeoutMillis\":2500}")).build());
        FakeSentinel.Call call = sentinel.calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.master()).isEqualTo("mymaster");
        assertThat(call.target()).isEqualTo(FakeSentinel.REPLICA1);
        assertThat(call.timeout()).isEqualTo(Duration.ofMillis(2500));
        Thread.sleep(200);
        assertThat(pending).isNotDone();
        // the port serves others meanwhile
        assertThat(http.get("/v1/masters").statusCode()).isEqualTo(200);
        assertThat(http.get("/health").statusCode()).isEqualTo(200);

        Instant t = Instant.parse("2026-12-03T10:00:00.123Z");
        call.future().complete(new SwitchoverResult("mymaster", Outcome.SWITCHED, FakeSentinel.PRIMARY,
                Optional.of(FakeSentinel.REPLICA1), 8, null, List.of(new SentinelEvent.NewEpoch(info(t), 8),
                new SentinelEvent.SwitchMaster(info(t.plusMillis(900)), "mymaster", FakeSentinel.PRIMARY,
                        FakeSentinel.REPLICA1))));
        HttpResponse<String> done = checked(SWITCHOVER, "POST", pending.get(10, TimeUnit.SECONDS));
        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode body = mapper.readTree(done.body());
        assertThat(body.path("outcome").asText()).isEqualTo("switched");
        assertThat(body.path("to").path("port").asInt()).isEqualTo(6380);
        assertThat(body.path("epoch").asLong()).isEqualTo(8);
        assertThat(body.path("timeline").get(1)).isEqualTo(mapper.readTree("{\"type\":\"+switch-master\","
                + "\"message\":\"mymaster 127.0.0.1 6379 127.0.0.1 6380\",\"time\":\"2026-12-03T10:00:01.023Z\","
                + "\"level\":\"warning\"}"));
    }

    @Test
    void anEmptyBodyLeavesTargetAndTimeoutToTheSentinel() throws Exception {
        sentinel.switchover = c -> CompletableFuture.completedFuture(result(Outcome.SWITCHED, null));
        for (String body : List.of("", "{}", "{\"target\":null,\"timeoutMillis\":null}")) {
            HttpResponse<String> r = checked(SWITCHOVER, "POST", http.post("/v1/masters/mymaster/switchover",
                    "application/json; charset=utf-8", body));
            assertThat(r.statusCode()).as(body).isEqualTo(200);
            FakeSentinel.Call call = sentinel.calls.poll(5, TimeUnit.SECONDS);
            assertThat(call.target()).isNull();
            assertThat(call.timeout()).isNull();
        }
    }

    static SwitchoverResult result(Outcome outcome, String error) {
        return new SwitchoverResult("mymaster", outcome, FakeSentinel.PRIMARY,
                outcome == Outcome.SWITCHED ? Optional.of(FakeSentinel.REPLICA1) : Optional.empty(),
                outcome == Outcome.REFUSED ? 0 : 8, error, List.of());
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of(CompletableFuture.completedFuture(result(Outcome.ABORTED, "-failover-abort-not-elected")), 409),
                Arguments.of(CompletableFuture.completedFuture(result(Outcome.REFUSED,
                        "INPROG Failover already in progress")), 409),
                Arguments.of(CompletableFuture.completedFuture(result(Outcome.REFUSED,
                        "NOGOODSLAVE No suitable replica to promote")), 422),
                Arguments.of(CompletableFuture.completedFuture(result(Outcome.REFUSED,
                        "ERR No such master with that name")), 404),
                Arguments.of(CompletableFuture.completedFuture(result(Outcome.TIMED_OUT, null)), 504),
                Arguments.of(CompletableFuture.failedFuture(new UnsupportedOperationException("no")), 501),
                Arguments.of(CompletableFuture.failedFuture(new SentinelException("INPROG Failover already in progress")), 409),
                Arguments.of(CompletableFuture.failedFuture(new IllegalStateException("sentinel loop unavailable")), 503),
                Arguments.of(CompletableFuture.failedFuture(new RuntimeException("boom")), 500));
    }

    @ParameterizedTest
    @MethodSource("outcomes")
    void outcomesMapToDocumentedStatuses(CompletableFuture<SwitchoverResult> answer, int status) throws Exception {
        sentinel.switchover = c -> answer;
        HttpResponse<String> r = http.post("/v1/masters/mymaster/switchover", JSON, "{}");
        assertThat(r.statusCode()).isEqualTo(status);
        contract.assertAnswer(SWITCHOVER, "POST", status, r.body());
    }

    @Test
    void aSwitchoverThatThrowsAtOnceIsAnsweredToo() throws Exception {
        sentinel.switchover = c -> {
            throw new SentinelException("NOGOODSLAVE No suitable replica to promote");
        };
        HttpResponse<String> r = checked(SWITCHOVER, "POST", http.post("/v1/masters/mymaster/switchover", JSON, ""));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(mapper.readTree(r.body()).path("error").asText()).isEqualTo("NOGOODSLAVE No suitable replica to promote");
        assertThat(mapper.readTree(r.body()).path("outcome").asText()).isEqualTo("refused");
    }

    @Test
    void aSentinelWithoutSwitchoverAnswers501() throws Exception {
        sentinel.switchover = c -> {
            throw new UnsupportedOperationException("not supported by this RunningSentinel");
        };
        HttpResponse<String> r = checked(SWITCHOVER, "POST", http.post("/v1/masters/mymaster/switchover", JSON, ""));
        assertThat(r.statusCode()).isEqualTo(501);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{", "malformed JSON"),
                Arguments.of("[]", "the body must be a JSON object"),
                Arguments.of("\"x\"", "the body must be a JSON object"),
                Arguments.of("{\"tagret\":{}}", "unknown field tagret"),
                Arguments.of("{\"target\":\"127.0.0.1:6380\"}", "target must be an object"),
                Arguments.of("{\"target\":{\"host\":\"127.0.0.1\"}}", "target.port must be an integer from 1 to 65535"),
                Arguments.of("{\"target\":{\"host\":\"h\",\"port\":70000}}", "target.port"),
                Arguments.of("{\"target\":{\"host\":\"h\",\"port\":6380.5}}", "target.port"),
                Arguments.of("{\"target\":{\"host\":\"\",\"port\":6380}}", "target.host must be a non-empty string"),
                Arguments.of("{\"target\":{\"host\":\"h\",\"port\":1,\"x\":1}}", "unknown field target.x"),
                Arguments.of("{\"timeoutMillis\":0}", "timeoutMillis must be an integer from 1 to 3600000"),
                Arguments.of("{\"timeoutMillis\":\"5s\"}", "timeoutMillis"),
                Arguments.of("{\"timeoutMillis\":99999999999999999999999}", "timeoutMillis"),
                Arguments.of("{\"timeoutMillis\":1,\"timeoutMillis\":2}", "malformed JSON"),
                Arguments.of("{} {}", "malformed JSON"),
                Arguments.of("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "malformed JSON"),
                Arguments.of("{\"target\":{\"host\":\"" + "h".repeat(5000) + "\",\"port\":1}}", "malformed JSON"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodiesAre400(String body, String message) throws Exception {
        HttpResponse<String> r = checked(SWITCHOVER, "POST", http.post("/v1/masters/mymaster/switchover", JSON, body));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(r.body()).path("message").asText()).contains(message);
        assertThat(sentinel.calls).isEmpty();
    }

    @Test
    void switchoverNeedsJsonAndAKnownMaster() throws Exception {
        HttpResponse<String> untyped = checked(SWITCHOVER, "POST", http.post("/v1/masters/mymaster/switchover", null, "{}"));
        assertThat(untyped.statusCode()).isEqualTo(415);
        HttpResponse<String> text = checked(SWITCHOVER, "POST",
                http.post("/v1/masters/mymaster/switchover", "text/plain", "{}"));
        assertThat(text.statusCode()).isEqualTo(415);
        HttpResponse<String> none = checked(SWITCHOVER, "POST", http.post("/v1/masters/nope/switchover", JSON, "{}"));
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(none.body()).path("error").asText()).isEqualTo("no_such_master");
        HttpResponse<String> huge = http.post("/v1/masters/mymaster/switchover", JSON, "{\"x\":\"" + "a".repeat(100_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(sentinel.calls).isEmpty();
    }

    /** An alarm (docs/churn.md, "Alarms") makes /health DOWN with the alarm's event text as its reason. */
    @Test
    void anAlarmIsAHealthReason() throws Exception {
        io.jsentinel.SentinelSnapshot base = FakeSentinel.snapshot("mymaster");
        InstanceRef peer = new InstanceRef(InstanceRef.Kind.SENTINEL, "b".repeat(40),
                new io.jsentinel.events.Address("127.0.0.1", 26380), "mymaster", FakeSentinel.PRIMARY);
        SentinelEvent.Alarm alarm = new SentinelEvent.MisconfigQuorum(new EventInfo(EventLevel.WARNING, "mymaster",
                Instant.ofEpochMilli(1_700_000_000_000L)), peer, 3, 2);
        sentinel.snapshot = new io.jsentinel.SentinelSnapshot(base.myId(), base.currentEpoch(), false,
                base.takenAtMillis(), base.masters(), List.of(alarm));
        HttpResponse<String> r = checked("/health", "GET", http.get("/health"));
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = mapper.readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("reasons").size()).isEqualTo(1);
        assertThat(body.path("reasons").get(0).asText()).isEqualTo("master mymaster: +misconfig-quorum sentinel "
                + "b".repeat(40) + " 127.0.0.1 26380 @ mymaster 127.0.0.1 6379 #quorum 3, ours 2");

        sentinel.snapshot = base;
        assertThat(checked("/health", "GET", http.get("/health")).statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedSentinelAnswers503() throws Exception {
        sentinel.running = false;
        assertThat(checked("/v1/masters", "GET", http.get("/v1/masters")).statusCode()).isEqualTo(503);
        assertThat(checked("/v1/masters/{name}", "GET", http.get("/v1/masters/mymaster")).statusCode()).isEqualTo(503);
        assertThat(checked(SWITCHOVER, "POST", http.post("/v1/masters/mymaster/switchover", JSON, "")).statusCode())
                .isEqualTo(503);
        assertThat(checked("/health", "GET", http.get("/health")).statusCode()).isEqualTo(503);
    }
}
