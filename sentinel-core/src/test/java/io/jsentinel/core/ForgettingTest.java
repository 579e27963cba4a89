package io.jsentinel.core;

import static io.jsentinel.core.SentinelCoreTest.MASTER;
import static io.jsentinel.core.SentinelCoreTest.MY_ID;
import static io.jsentinel.core.SentinelCoreTest.PEER1;
import static io.jsentinel.core.SentinelCoreTest.PEER2;
import static io.jsentinel.core.SentinelCoreTest.R1;
import static io.jsentinel.core.SentinelCoreTest.R2;
import static io.jsentinel.core.SentinelCoreTest.S1;
import static io.jsentinel.core.SentinelCoreTest.S2;
import static io.jsentinel.core.SentinelCoreTest.bulk;
import static io.jsentinel.core.SentinelCoreTest.masterInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.resp.RespValue;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forgetting rule in a whole core (docs/churn.md): three sentinels, quorum 2; the pods of the peer at S2 and of
 * the replica at R2 are gone (their addresses never answer), the master and the peer at S1 are well and the master
 * lists R1 only.
 */
class ForgettingTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingLinks links = new RecordingLinks();
    private final List<SentinelEvent> events = new ArrayList<>();
    private final List<SentinelConfig> saved = new ArrayList<>();
    private SentinelCore core;

    private void start(long forgetAfter, int liveSentinelsSeen) {
        MasterConfig mc = new MasterConfig("mymaster", MASTER.host(), MASTER.port(), 2, 5000, 6000, 1, null, null,
                null, null, 0, Map.of(), 0, 0, List.of(R1, R2), List.of(new KnownSentinel(S1.host(), S1.port(), PEER1),
                new KnownSentinel(S2.host(), S2.port(), PEER2)), liveSentinelsSeen);
        SentinelConfig cfg = new SentinelConfig(MY_ID, 0, true, false, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc), forgetAfter);
        core = new SentinelCore(cfg, saved::add, links, clock, new Random(1));
        core.events().addSink(events::add);
        core.start();
    }

    /** Runs {@code ms} of a healthy world around the two gone pods, 100 ms a tick. */
    private void run(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advanceMillis(100);
            core.tick();
            for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
                boolean gone = c.target.equals(S2) || c.target.equals(R2);
                if (!gone && !c.isOpen() && !c.closed) {
                    c.connect();
                }
                if (c.isOpen()) {
                    c.reply("PING", RespValue.simple("PONG"));
                    c.reply("CLIENT", RespValue.OK);
                    c.reply("PUBLISH", RespValue.integer(1));
                    c.reply("INFO", bulk(c.target.equals(MASTER) ? masterInfo("1".repeat(40), R1)
                            : SentinelCoreTest.replicaInfo("2".repeat(40), MASTER, 100)));
                }
            }
            if (t % 1000 == 0) {
                core.processHello(S1.host() + "," + S1.port() + "," + PEER1 + ",0,mymaster," + MASTER.host() + ","
                        + MASTER.port() + ",0");
            }
        }
    }

    private List<String> texts() {
        return events.stream().map(e -> e.type() + " " + e.message()).toList();
    }

    private MasterConfig lastSaved() {
        return saved.get(saved.size() - 1).masters().get(0);
    }

    @Test
    void goneEntriesAreForgottenAfterThePeriodWithEventsAndARewrite() {
        start(20_000, 3);
        run(19_000);
        assertThat(texts()).noneMatch(t -> t.startsWith("-sentinel") || t.startsWith("-slave"));
        run(3000);
        assertThat(texts()).contains(
                "-sentinel sentinel " + PEER2 + " 10.0.1.3 26379 @ mymaster 10.0.0.1 6379",
                "-slave slave 10.0.0.3:6379 10.0.0.3 6379 @ mymaster 10.0.0.1 6379");
        assertThat(core.state().masters.get("mymaster").sentinels).containsOnlyKeys(PEER1);
        assertThat(lastSaved().knownSentinels()).extracting(KnownSentinel::runId).containsExactly(PEER1);
        assertThat(lastSaved().knownReplicas()).containsExactly(R1);
        assertThat(lastSaved().liveSentinelsSeen()).isEqualTo(3);
    }

    @Test
    void offByDefaultNothingIsForgotten() {
        start(0, 0);
        run(60_000);
        assertThat(texts()).noneMatch(t -> t.startsWith("-sentinel") || t.startsWith("-slave"));
        assertThat(core.state().masters.get("mymaster").sentinels).containsOnlyKeys(PEER1, PEER2);
        assertThat(core.state().masters.get("mymaster").slaves).hasSize(2);
        assertThat(core.state().masters.get("mymaster").liveSentinelsSeen).isZero();
    }

    @Test
    void aQuorumThatIsNoMajorityOfWhatWasSeenKeepsThePeers() {
        // four sentinels were once seen alive together: quorum 2 is no majority of them, so peers stay; replicas go
        start(20_000, 4);
        run(40_000);
        assertThat(core.state().masters.get("mymaster").sentinels).containsOnlyKeys(PEER1, PEER2);
        assertThat(core.state().masters.get("mymaster").slaves.values()).extracting(r -> r.addr)
                .containsExactly(R1);
    }

    @Test
    void aFreshStartMeasuresBeforeItForgetsAPeer() {
        // the period is short, but nothing is forgotten before a count of live sentinels has held for 10 s
        start(5000, 0);
        run(9500);
        assertThat(core.state().masters.get("mymaster").liveSentinelsSeen).isZero();
        assertThat(core.state().masters.get("mymaster").sentinels).containsKey(PEER2);
        run(1000);
        assertThat(core.state().masters.get("mymaster").sentinels).containsOnlyKeys(PEER1);
        // the first count includes the start, when no hello was heard yet; the next hold records both alive
        run(10_000);
        assertThat(core.state().masters.get("mymaster").liveSentinelsSeen).isEqualTo(2);
    }

}
