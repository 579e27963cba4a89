package io.jsentinel.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsentinel.RunningSentinel;
import io.jsentinel.Sentinel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /metrics and /health over real HTTP, against an embedded sentinel whose master does not answer. */
class MetricsHttpServerTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private MetricsHttpServer start(int quorum) throws Exception {
        return start(quorum, "127.0.0.1");
    }

    private MetricsHttpServer start(int quorum, String bind) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RunningSentinel s = Sentinel.builder().port(0).bind(bind).monitor("m", "127.0.0.1", deadPort(), quorum)
                .meterRegistry(registry).start();
        open.add(s);
        MetricsHttpServer http = MetricsHttpServer.start("127.0.0.1", 0, s, registry);
        open.add(http);
        sentinelPort = s.port();
        return http;
    }

    private int sentinelPort;

    private HttpResponse<String> get(MetricsHttpServer http, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsInPrometheusFormat() throws Exception {
        MetricsHttpServer http = start(1);
        await(() -> get(http, "/metrics").body().contains("jsentinel_link_connected{"));
        HttpResponse<String> r = get(http, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).contains("jsentinel_master_status{master=\"m\"}", "jsentinel_tilt ",
                "jsentinel_master_quorum_reachable{master=\"m\"} 1.0", "jsentinel_master_replicas{master=\"m\"} 0.0",
                "jsentinel_server_commands_total", "jsentinel_server_clients ", "jsentinel_master_config_epoch",
                "jsentinel_link_pending_commands{", "jsentinel_link_last_ok_ping_age_seconds{",
                "# TYPE jsentinel_master_status gauge");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void healthTurns503InTilt() throws Exception {
        MetricsHttpServer http = start(1);
        HttpResponse<String> up = get(http, "/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}\n");

        // any tick gap over 1 ms now triggers TILT
        assertThat(command(sentinelPort, "SENTINEL DEBUG tilt-trigger 1")).isEqualTo("+OK");
        await(() -> get(http, "/health").statusCode() == 503);
        HttpResponse<String> down = get(http, "/health");
        assertThat(down.body()).startsWith("{\"status\":\"DOWN\",\"reasons\":[").contains("\"TILT mode\"");
        assertThat(down.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(get(http, "/metrics").body()).contains("jsentinel_tilt 1.0");
    }

    /** Listening on every interface (no packet leaves: the test speaks to 127.0.0.1) with no password. */
    @Test
    void anOpenSentinelIsHealthyWithAWarningUntilTheDefaultUserGetsAPassword() throws Exception {
        MetricsHttpServer http = start(1, "0.0.0.0");
        HttpResponse<String> open = get(http, "/health");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("{\"status\":\"UP\",\"warnings\":[\"this sentinel listens on 0.0.0.0 and "
                + "its default user needs no password").contains("'requirepass <password>'", "'user default off'");
        assertThat(get(http, "/metrics").body()).contains("jsentinel_security_open_access 1.0");

        assertThat(command(sentinelPort, "ACL SETUSER default >s3cret")).isEqualTo("+OK");
        assertThat(get(http, "/health").body()).isEqualTo("{\"status\":\"UP\"}\n");
        assertThat(get(http, "/metrics").body()).contains("jsentinel_security_open_access 0.0");
    }

    @Test
    void healthTurns503WithoutQuorum() throws Exception {
        MetricsHttpServer http = start(2);
        HttpResponse<String> r = get(http, "/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("master m: NOQUORUM 1 usable Sentinels. "
                + "Not enough available Sentinels to reach the specified quorum for this master");
        assertThat(get(http, "/metrics").body()).contains("jsentinel_master_quorum_reachable{master=\"m\"} 0.0");
    }

    @Test
    void metricsPortFromConfigOrArgv() {
        assertThat(MetricsPort.resolve(0, List.of("port \"26380\""))).isZero();
        assertThat(MetricsPort.resolve(9121, List.of())).isEqualTo(9121);
        assertThat(MetricsPort.resolve(0, List.of("metrics-port \"9122\""))).isEqualTo(9122);
        assertThatThrownBy(() -> MetricsPort.resolve(0, List.of("metrics-port \"x\"")))
                .hasMessageContaining("Invalid metrics-port 'x'");
        assertThatThrownBy(() -> MetricsPort.resolve(0, List.of("metrics-port 70000")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonEscapes() {
        assertThat(MetricsHttpServer.json("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }

    /** An inline command; returns the first reply line. */
    private static String command(int port, String inline) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') {
                sb.append((char) c);
            }
            return sb.toString();
        }
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(condition);
    }

}
