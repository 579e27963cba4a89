package io.jsentinel.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.SwitchoverResult.Outcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad bytes, pipelining, clients that vanish or hoard connections: answered or closed, never stuck. */
class HttpApiRobustnessTest {
    private static final String POST_SWITCHOVER = "POST /v1/masters/mymaster/switchover HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
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

    @Test
    void malformedRequestsGet400AndAreClosed() throws Exception {
        // Netty answers a request it could not read as HTTP/1.0
        String bad = "(?s)HTTP/1\\.[01] 400 .*connection: close.*\"bad_request\".*";
        assertThat(http.raw("\u0001\u0002 garbage\r\n\r\n", 5000)).matches(bad);
        assertThat(http.raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", 5000))
                .matches(bad);
        assertThat(http.raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 5000)).matches(bad);
        assertThat(http.raw("GET /health HTTP/1.0\r\n\r\n", 5000)).startsWith("HTTP/1.0 200 ").contains("{\"status\":\"UP\"}");
        // a chunked body past the bound
        String chunk = Integer.toHexString(20_000) + "\r\n" + "a".repeat(20_000) + "\r\n";
        assertThat(http.raw("POST /v1/masters/mymaster/switchover HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n", 5000)).startsWith("HTTP/1.1 413 ");
        assertThat(sentinel.calls).isEmpty();
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenBehindASwitchover() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((POST_SWITCHOVER + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /v1/masters/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            FakeSentinel.Call call = sentinel.calls.poll(10, TimeUnit.SECONDS);
            assertThat(call).isNotNull();
            Thread.sleep(200);
            assertThat(s.getInputStream().available()).as("nothing may overtake the pending answer").isZero();
            call.future().complete(HttpApiRoutesTest.result(Outcome.SWITCHED, null));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int first = all.indexOf("HTTP/1.1 200 ");
            int second = all.indexOf("HTTP/1.1 200 ", first + 1);
            int third = all.indexOf("HTTP/1.1 404 ");
            assertThat(first).isZero();
            assertThat(all.indexOf("\"outcome\":\"switched\"")).isBetween(first, second);
            assertThat(all.indexOf("{\"status\":\"UP\"}")).isBetween(second, third);
            assertThat(third).isGreaterThan(second);
        }
    }

    @Test
    void aClientThatLeavesBeforeTheAnswerCostsNothing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(POST_SWITCHOVER.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(sentinel.calls.poll(10, TimeUnit.SECONDS)).isNotNull().satisfies(c -> {
                try {
                    s.close();
                    Thread.sleep(100);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                c.future().complete(HttpApiRoutesTest.result(Outcome.SWITCHED, null));
            });
        }
        assertThat(http.get("/v1/masters").statusCode()).isEqualTo(200);
    }

    @Test
    void connectionsAreCapped() throws Exception {
        List<Socket> hoard = new ArrayList<>();
        try {
            for (int i = 0; i < MetricsHttpServer.MAX_CONNECTIONS; i++) {
                hoard.add(new Socket("127.0.0.1", server.port()));
            }
            // every slot is taken once the server has accepted them all: the next one is closed at once
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Socket extra = new Socket("127.0.0.1", server.port())) {
                    extra.setSoTimeout(2000);
                    InputStream in = extra.getInputStream();
                    return in.read() == -1;
                } catch (java.net.SocketException e) {
                    return true;
                }
            });
        } finally {
            for (Socket s : hoard) {
                s.close();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> http.get("/health").statusCode() == 200);
    }
}
