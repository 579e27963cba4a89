package io.jsentinel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The quorum alarm (docs/churn.md, "Alarms") between real processes: a jsentinel with quorum 2 beside a jsentinel and
 * a redis-sentinel with quorum 1, all monitoring one redis-server. The jsentinels audit every second
 * ({@code SENTINEL DEBUG peer-audit-period 1000}); redis-sentinel answers their INFO and SENTINEL MASTER as jsentinel
 * does. Checks the events, {@code /health}, {@code /metrics}, that equal quorums and one host's clock raise nothing,
 * and that a {@code SENTINEL SET quorum} ends the alarms.
 */
@Tag("it")
@ExtendWith(DumpLogsOnFailure.class)
class AlarmsIT {
    private static final String MASTER = "mymaster";
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private <T extends AutoCloseable> T add(T process) {
        started.add(process);
        return process;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPeerWithAnotherQuorumIsAnAlarmOnEitherKindOfPeer() throws Exception {
        Assumptions.assumeTrue(SentinelKind.allEnabled(List.of(SentinelKind.JSENTINEL, SentinelKind.REAL)),
                "needs both kinds (-Dit.kinds)");
        RedisNode master = add(RedisNode.builder().name("master").start());
        int httpPort = FreePorts.next();
        SentinelNode a = add(SentinelNode.builder(SentinelKind.JSENTINEL).monitor(MASTER, master.port(), 2)
                .arg("--metrics-port", Integer.toString(httpPort)).create());
        a.start();
        SentinelNode b = add(SentinelNode.builder(SentinelKind.JSENTINEL).monitor(MASTER, master.port(), 1).create());
        b.start();
        SentinelNode c = add(SentinelNode.builder(SentinelKind.REAL).monitor(MASTER, master.port(), 1).create());
        c.start();
        List<SentinelNode> all = List.of(a, b, c);
        await("discovery").atMost(WITHIN).until(() -> all.stream().allMatch(s -> s.peers(MASTER).size() == 2));
        for (SentinelNode s : List.of(a, b)) {
            assertThat(s.sentinel("DEBUG", "peer-audit-period", "1000").str()).isEqualTo("OK");
        }

        // a sees both others with quorum 1, whichever kind they are
        PublishedEvent aboutB = a.awaitEvent("+misconfig-quorum", b.myId(), WITHIN);
        PublishedEvent aboutC = a.awaitEvent("+misconfig-quorum", c.myId(), WITHIN);
        assertThat(aboutB).as("a's alarm about b").isNotNull();
        assertThat(aboutC).as("a's alarm about c (redis-sentinel)").isNotNull();
        assertThat(aboutB.message()).isEqualTo("sentinel " + b.myId() + " 127.0.0.1 " + b.port() + " @ " + MASTER
                + " 127.0.0.1 " + master.port() + " #quorum 1, ours 2");
        assertThat(aboutC.message()).endsWith(" #quorum 1, ours 2");
        // b sees a's 2, and nothing about c, whose quorum is its own, however many audits it asks c (once a
        // second; redis-sentinel's INFO has no commandstats to count them by)
        assertThat(b.awaitEvent("+misconfig-quorum", a.myId(), WITHIN)).as("b's alarm about a").isNotNull();
        Thread.sleep(4000);
        assertThat(b.events().all()).noneMatch(e -> e.type().equals("+misconfig-quorum")
                && e.message().contains(c.myId()));
        // one host, one clock
        for (SentinelNode s : List.of(a, b)) {
            assertThat(s.events().all()).as("%s", s).noneMatch(e -> e.type().contains("misconfig-clock")
                    || e.type().contains("misconfig-master-address"));
        }

        HttpResponse<String> health = get(httpPort, "/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("master " + MASTER + ": +misconfig-quorum sentinel " + b.myId(),
                "master " + MASTER + ": +misconfig-quorum sentinel " + c.myId());
        await("alarm gauge").atMost(WITHIN).until(() -> get(httpPort, "/metrics").body()
                .contains("jsentinel_alarms{kind=\"misconfig-quorum\",master=\"" + MASTER + "\"} 2.0"));
        // reported, not acted on
        assertThat(a.master(MASTER).fieldStr("quorum")).isEqualTo("2");

        int mark = a.events().mark();
        assertThat(a.sentinel("SET", MASTER, "quorum", "1").str()).isEqualTo("OK");
        assertThat(a.awaitEvent(mark, "-misconfig-quorum", b.myId(), WITHIN)).isNotNull();
        assertThat(a.awaitEvent(mark, "-misconfig-quorum", c.myId(), WITHIN)).isNotNull();
        assertThat(b.awaitEvent("-misconfig-quorum", a.myId(), WITHIN)).isNotNull();
        await("healthy").atMost(WITHIN).until(() -> get(httpPort, "/health").statusCode() == 200);
    }
}
