package io.jsentinel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.it.support.Topology;
import io.jsentinel.launcher.http.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP API of a jsentinel process against real redis-server processes: a master, two replicas, two more
 * jsentinels for the election; ACL users over HTTP Basic; every answer checked against docs/http-api.md's OpenAPI;
 * a switchover to a chosen replica through the API, seen by Redis.
 */
@Tag("it")
@ExtendWith(DumpLogsOnFailure.class)
class HttpApiIT {
    private static final String MASTER = Topology.MASTER_NAME;
    private static final String SWITCHOVER = "/v1/masters/{name}/switchover";
    private final OpenApiContract contract = OpenApiContract.load();
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> started = new ArrayList<>();
    private Topology topology;
    private SentinelNode sentinel;
    private int httpPort;

    @BeforeEach
    void start() {
        topology = Topology.builder().replicas(2).quorum(2).sentinels(SentinelKind.JSENTINEL, SentinelKind.JSENTINEL)
                .start();
        started.add(topology);
        httpPort = FreePorts.next();
        sentinel = SentinelNode.builder(SentinelKind.JSENTINEL).monitor(MASTER, topology.initialMaster().port(), 2)
                .downAfter(1000).failoverTimeout(6000)
                .line("user ops on >ops-secret +@all")
                .line("user viewer on >look -@all +sentinel|masters +sentinel|master")
                .arg("--metrics-port", Integer.toString(httpPort), "--http-api", "yes", "--http-auth", "acl")
                .create();
        started.add(sentinel);
        sentinel.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sentinel.peers(MASTER).size() == 2
                && sentinel.replicas(MASTER).size() == 2
                && topology.sentinels().stream().allMatch(s -> s.peers(MASTER).size() == 2));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private HttpResponse<String> send(String method, String path, String user, String password, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readsAuthenticatedByTheSentinelsAclUsers() throws Exception {
        assertThat(sentinel.logText()).contains("Metrics, health and the HTTP API on http://127.0.0.1:" + httpPort,
                "http-auth acl: the default user needs no password");

        HttpResponse<String> anonymous = send("GET", "/v1/masters", null, null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"jsentinel\", charset=\"UTF-8\"");
        contract.assertAnswer("/v1/masters", "GET", 401, anonymous.body());
        assertThat(send("GET", "/v1/masters", "ops", "wrong", null).statusCode()).isEqualTo(401);

        HttpResponse<String> list = send("GET", "/v1/masters", "ops", "ops-secret", null);
        assertThat(list.statusCode()).isEqualTo(200);
        contract.assertAnswer("/v1/masters", "GET", 200, list.body());
        JsonNode m = mapper.readTree(list.body()).path("masters").get(0);
        assertThat(m.path("name").asText()).isEqualTo(MASTER);
        assertThat(m.path("address").path("port").asInt()).isEqualTo(topology.initialMaster().port());
        assertThat(m.path("replicas")).hasSize(2);
        assertThat(m.path("peers")).hasSize(2);

        HttpResponse<String> one = send("GET", "/v1/masters/" + MASTER, "viewer", "look", null);
        assertThat(one.statusCode()).isEqualTo(200);
        contract.assertAnswer("/v1/masters/{name}", "GET", 200, one.body());
        HttpResponse<String> none = send("GET", "/v1/masters/nope", "viewer", "look", null);
        assertThat(none.statusCode()).isEqualTo(404);
        contract.assertAnswer("/v1/masters/{name}", "GET", 404, none.body());

        // the viewer's rules allow SENTINEL MASTER(S) only
        HttpResponse<String> forbidden = send("POST", "/v1/masters/" + MASTER + "/switchover", "viewer", "look", "{}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        contract.assertAnswer(SWITCHOVER, "POST", 403, forbidden.body());
        // ACL SETUSER over RESP applies to HTTP at once
        sentinel.call("ACL", "SETUSER", "viewer", "off");
        assertThat(send("GET", "/v1/masters", "viewer", "look", null).statusCode()).isEqualTo(401);

        assertThat(send("GET", "/health", null, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null, null, null).body()).contains("jsentinel_master_replicas");
    }

    @Test
    void switchoverToAChosenReplica() throws Exception {
        RedisNode target = topology.initialReplicas().get(1);
        HttpResponse<String> unknown = send("POST", "/v1/masters/" + MASTER + "/switchover", "ops", "ops-secret",
                "{\"target\":{\"host\":\"127.0.0.1\",\"port\":1}}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        contract.assertAnswer(SWITCHOVER, "POST", 422, unknown.body());
        assertThat(mapper.readTree(unknown.body()).path("error").asText()).contains("No such replica");

        HttpResponse<String> r = send("POST", "/v1/masters/" + MASTER + "/switchover", "ops", "ops-secret",
                "{\"target\":{\"host\":\"127.0.0.1\",\"port\":" + target.port() + "},\"timeoutMillis\":5000}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        contract.assertAnswer(SWITCHOVER, "POST", 200, r.body());
        JsonNode body = mapper.readTree(r.body());
        assertThat(body.path("outcome").asText()).isEqualTo("switched");
        assertThat(body.path("from").path("port").asInt()).isEqualTo(topology.initialMaster().port());
        assertThat(body.path("to").path("port").asInt()).isEqualTo(target.port());
        List<String> types = new ArrayList<>();
        body.path("timeline").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).contains("+try-failover", "+elected-leader", "+selected-slave", "+promoted-slave",
                "+switch-master");
        assertThat(target.role()).isEqualTo("master");
        await().atMost(Duration.ofSeconds(10)).until(() -> topology.initialMaster().role().equals("slave"));

        HttpResponse<String> after = send("GET", "/v1/masters/" + MASTER, "ops", "ops-secret", null);
        contract.assertAnswer("/v1/masters/{name}", "GET", 200, after.body());
        JsonNode m = mapper.readTree(after.body()).path("master");
        assertThat(m.path("address").path("port").asInt()).isEqualTo(target.port());
        assertThat(m.path("lastFailover").path("role").asText()).isEqualTo("leader");
        assertThat(m.path("lastFailover").path("outcome").asText()).isEqualTo("switched");

        HttpResponse<String> none = send("POST", "/v1/masters/nope/switchover", "ops", "ops-secret", "");
        assertThat(none.statusCode()).isEqualTo(404);
        contract.assertAnswer(SWITCHOVER, "POST", 404, none.body());
    }
}
