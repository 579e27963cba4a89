package io.jsentinel.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsentinel.config.ServerSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http-auth acl and token: refused without credentials, with wrong ones, allowed with good ones; settings checks. */
class HttpApiAuthTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private final OpenApiContract contract = OpenApiContract.load();
    private final ObjectMapper mapper = new ObjectMapper();
    private final FakeSentinel sentinel = new FakeSentinel();
    private MetricsHttpServer server;
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpTester start(HttpApiSettings.Auth auth, String token) throws Exception {
        server = MetricsHttpServer.start("127.0.0.1", 0, sentinel, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new HttpApiSettings(true, auth, token, null));
        return new HttpTester(server.port());
    }

    @Test
    void aclUsersOverBasic() throws Exception {
        sentinel.passwords.put("ops", "s3cret");
        sentinel.passwords.put("viewer", "look");
        sentinel.allowed.put("viewer", Set.of("sentinel masters", "sentinel master"));
        sentinel.switchover = c -> CompletableFuture.completedFuture(HttpApiRoutesTest.result(
                io.jsentinel.SwitchoverResult.Outcome.SWITCHED, null));
        HttpTester http = start(HttpApiSettings.Auth.ACL, null);

        HttpResponse<String> anonymous = http.get("/v1/masters");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"jsentinel\", charset=\"UTF-8\"");
        contract.assertAnswer("/v1/masters", "GET", 401, anonymous.body());
        assertThat(http.get("/v1/masters", "Authorization", HttpTester.basic("ops", "wrong")).statusCode()).isEqualTo(401);
        assertThat(http.get("/v1/masters", "Authorization", HttpTester.basic("nobody", "s3cret")).statusCode())
                .isEqualTo(401);
        assertThat(http.get("/v1/masters", "Authorization", "Basic !!notbase64!!").statusCode()).isEqualTo(401);
        assertThat(http.get("/v1/masters", "Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("nocolon".getBytes())).statusCode()).isEqualTo(401);
        assertThat(http.get("/v1/masters", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(401);

        HttpResponse<String> ok = http.get("/v1/masters", "Authorization", HttpTester.basic("ops", "s3cret"));
        assertThat(ok.statusCode()).isEqualTo(200);
        contract.assertAnswer("/v1/masters", "GET", 200, ok.body());
        assertThat(http.get("/v1/masters/mymaster", "Authorization", "basic " + HttpTester.basic("viewer", "look")
                .substring(6)).statusCode()).isEqualTo(200);

        // a reader may not switch over; nor learn which masters exist without credentials
        HttpResponse<String> forbidden = http.post("/v1/masters/mymaster/switchover", "application/json", "",
                "Authorization", HttpTester.basic("viewer", "look"));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        contract.assertAnswer(HttpApiRoutesTest.SWITCHOVER, "POST", 403, forbidden.body());
        assertThat(mapper.readTree(forbidden.body()).path("message").asText()).contains("'sentinel failover'");
        assertThat(http.get("/v1/masters/nope").statusCode()).isEqualTo(401);
        assertThat(http.post("/v1/masters/nope/switchover", "application/json", "").statusCode()).isEqualTo(401);
        assertThat(sentinel.calls).isEmpty();
        HttpResponse<String> switched = http.post("/v1/masters/mymaster/switchover", "application/json", "",
                "Authorization", HttpTester.basic("ops", "s3cret"));
        assertThat(switched.statusCode()).isEqualTo(200);

        // health and metrics stay open to scrapers and load balancers
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void bearerToken() throws Exception {
        HttpTester http = start(HttpApiSettings.Auth.TOKEN, TOKEN);
        HttpResponse<String> anonymous = http.get("/v1/masters");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"jsentinel\"");
        HttpResponse<String> wrong = http.get("/v1/masters", "Authorization", "Bearer " + TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).contains(
                "Bearer realm=\"jsentinel\", error=\"invalid_token\"");
        assertThat(http.get("/v1/masters", "Authorization", HttpTester.basic("default", TOKEN)).statusCode())
                .isEqualTo(401);
        assertThat(http.get("/v1/masters", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(http.get("/v1/masters/mymaster", "Authorization", "bearer  " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    private ServerSettings settings(Map<String, List<String>> generic) {
        return new ServerSettings(26379, List.of(), false, null, List.of(), "", "notice", null, false, dir.toString(),
                9121, generic);
    }

    @Test
    void settingsFromTheConfig() throws Exception {
        assertThat(HttpApiSettings.from(settings(Map.of()), 9121)).isEqualTo(HttpApiSettings.off());
        assertThat(HttpApiSettings.from(settings(Map.of("http-auth", List.of("acl"))), 9121).apiEnabled()).isFalse();
        assertThatThrownBy(() -> HttpApiSettings.from(settings(Map.of("http-api", List.of("yes"))), 0))
                .hasMessage("http-api yes needs metrics-port: the API is served on the metrics port");
        HttpApiSettings acl = HttpApiSettings.from(settings(Map.of("http-api", List.of("yes"), "http-auth",
                List.of("ACL"))), 9121);
        assertThat(acl.auth()).isEqualTo(HttpApiSettings.Auth.ACL);
        assertThat(acl.tls()).isNull();
        assertThat(acl.describe("127.0.0.1", 9121))
                .isEqualTo("Metrics, health and the HTTP API on http://127.0.0.1:9121 (/metrics, /health, /v1; http-auth acl)");

        Path token = dir.resolve("http.token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r-----"));
        // relative to dir, as Redis resolves the files it opens after start-up
        HttpApiSettings bearer = HttpApiSettings.from(settings(Map.of("http-api", List.of("yes"), "http-auth",
                List.of("token", "http.token"))), 9121);
        assertThat(bearer.token()).isEqualTo(TOKEN);
        assertThat(bearer.toString()).doesNotContain(TOKEN);
    }

    @Test
    void tokenFilesThatCannotBeTrustedStopTheStart() throws Exception {
        Path token = dir.resolve("t");
        assertThatThrownBy(() -> HttpApiSettings.readToken(token))
                .hasMessage("Can't read http-auth token file '" + token + "': No such file or directory");
        Files.writeString(token, TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> HttpApiSettings.readToken(token)).hasMessageContaining("readable or writable by other users");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertThat(HttpApiSettings.readToken(token)).isEqualTo(TOKEN);
        Files.writeString(token, "short\n");
        assertThatThrownBy(() -> HttpApiSettings.readToken(token)).hasMessageContaining("shorter than 16 characters");
        Files.writeString(token, "");
        assertThatThrownBy(() -> HttpApiSettings.readToken(token)).hasMessageContaining("shorter than 16 characters");
        Files.writeString(token, "0123456789 abcdef0123\n");
        assertThatThrownBy(() -> HttpApiSettings.readToken(token)).hasMessageContaining("printable ASCII without spaces");
    }

    @Test
    void startupWarnings() {
        HttpApiSettings none = new HttpApiSettings(true, HttpApiSettings.Auth.NONE, null, null);
        assertThat(none.startupWarnings(sentinel)).singleElement().asString().contains("no authentication");
        HttpApiSettings acl = new HttpApiSettings(true, HttpApiSettings.Auth.ACL, null, null);
        assertThat(acl.startupWarnings(sentinel)).isEmpty();
        sentinel.passwords.put("default", "");
        assertThat(acl.startupWarnings(sentinel)).singleElement().asString().contains("default user needs no password");
        assertThat(HttpApiSettings.off().startupWarnings(sentinel)).isEmpty();
    }
}
