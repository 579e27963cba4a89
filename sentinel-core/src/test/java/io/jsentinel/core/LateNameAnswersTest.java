package io.jsentinel.core;

import static io.jsentinel.core.SentinelCoreTest.argv;
import static io.jsentinel.core.SentinelCoreTest.masterInfo;
import static io.jsentinel.core.SentinelCoreTest.replicaInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A core whose names are answered later, as in a running sentinel (the lookups run off the loop and their
 * answers come back as loop tasks; here the test hands them back). With {@code announce-hostnames no}, where a
 * replica is keyed by its IP, a replica announced by a name without an answer yet is not added, as Redis skips
 * a replica it cannot resolve; its first answer asks the master for INFO again, so it joins at once, once.
 */
class LateNameAnswersTest {
    static final Endpoint MASTER = new Endpoint("10.0.0.1", 6379);
    static final Endpoint NAMED = new Endpoint("db-r9.example", 6379);

    final FakeClock clock = new FakeClock();
    final RecordingLinks links = new RecordingLinks();
    final List<SentinelEvent> events = new ArrayList<>();
    /** Lookups asked for and not answered yet, in order; each may be asked again once answered. */
    final Map<String, Consumer<String>> asked = new LinkedHashMap<>();
    final List<String> askLog = new ArrayList<>();
    SentinelCore core;

    @BeforeEach
    void setUp() {
        MasterConfig mc = new MasterConfig("mymaster", MASTER.host(), MASTER.port(), 2, 1000, 6000, 1, null, null,
                null, null, 0, Map.of(), 0, 0, List.of(), List.of());
        SentinelConfig cfg = new SentinelConfig(SentinelCoreTest.MY_ID, 0, true, true, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        core = new SentinelCore(cfg, c -> { }, links, clock, new Random(1));
        core.resolveNamesWith((host, answer) -> {
            askLog.add(host);
            assertThat(asked.put(host, answer)).as("asked again before the answer").isNull();
        });
        core.events().addSink(events::add);
        core.start();
        run(1100);
        connectAll();
    }

    @Test
    void aReplicaAnnouncedByANameJoinsWhenItsNameResolvesAndNotBefore() {
        RecordingLinks.Conn master = links.latest(MASTER, false);
        master.reply("INFO", RespValue.bulk(masterInfo("1".repeat(40), NAMED)));
        assertThat(core.state().masters.get("mymaster").slaves).as("no answer yet: skipped").isEmpty();
        assertThat(asked).containsOnlyKeys(NAMED.host());
        assertThat(master.pending).noneMatch(p -> p.command().equals("INFO"));

        answer(NAMED.host(), "192.0.2.9");
        assertThat(master.pending).as("INFO asked again at the answer").anyMatch(p -> p.command().equals("INFO"));
        master.reply("INFO", RespValue.bulk(masterInfo("1".repeat(40), NAMED)));
        assertThat(core.state().masters.get("mymaster").slaves).containsOnlyKeys("192.0.2.9:6379");
        assertThat(texts()).containsOnlyOnce("+slave slave 192.0.2.9:6379 192.0.2.9 6379 @ mymaster 10.0.0.1 6379");
        RespValue replicas = core.commands().execute(argv("SENTINEL", "REPLICAS", "mymaster"));
        assertThat(replicas.toString()).contains("192.0.2.9").doesNotContain("db-r9.example");
    }

    /** Redis resolves a name again before each reconnect and keeps the old IP when that fails; so do we. */
    @Test
    void reconnectingAsksForTheNameAgainAndKeepsTheLastGoodIpMeanwhile() {
        links.latest(MASTER, false).reply("INFO", RespValue.bulk(masterInfo("1".repeat(40), NAMED)));
        answer(NAMED.host(), "192.0.2.9");
        links.latest(MASTER, false).reply("INFO", RespValue.bulk(masterInfo("1".repeat(40), NAMED)));
        run(200);
        assertThat(askLog).as("the replica's first link asked for its name again").hasSize(2);
        answer(NAMED.host(), "192.0.2.9");
        connectAll();
        RecordingLinks.Conn link = links.latest(NAMED, false);
        link.reply("INFO", RespValue.bulk(replicaInfo("2".repeat(40), MASTER, 100)));
        link.fail();
        run(1100);
        assertThat(askLog).as("asked again by the reconnect").hasSize(3);
        assertThat(links.latest(NAMED, false)).as("reconnecting at once, not waiting for the answer").isNotNull();
        answer(NAMED.host(), null);  // the name stopped resolving
        RespValue replica = core.commands().execute(argv("SENTINEL", "REPLICAS", "mymaster"));
        assertThat(replica.toString()).contains("192.0.2.9");
    }

    @Test
    void anAnswerMustComeOnTheLoop() throws Exception {
        links.latest(MASTER, false).reply("INFO", RespValue.bulk(masterInfo("1".repeat(40), NAMED)));
        Consumer<String> a = asked.remove(NAMED.host());
        java.util.concurrent.CompletableFuture<Throwable> thrown = new java.util.concurrent.CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                a.accept("192.0.2.9");
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        }, "not-the-loop");
        other.start();
        assertThat(thrown.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("not-the-loop");
    }

    private void answer(String host, String ip) {
        Consumer<String> a = asked.remove(host);
        assertThat(a).as("a lookup of " + host + " under way").isNotNull();
        a.accept(ip);
    }

    private void run(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advanceMillis(100);
            core.tick();
        }
    }

    private void connectAll() {
        for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
            if (!c.isOpen() && !c.closed) {
                c.connect();
            }
        }
    }

    private List<String> texts() {
        return events.stream().map(e -> e.type() + " " + e.message()).toList();
    }
}
