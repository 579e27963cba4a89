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
import static io.jsentinel.core.SentinelCoreTest.replicaInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node reporting role:master against the view (an old master back after a failover) is converted as soon as a
 * majority of the sentinels, asked after its INFO, shares the view; never on a view that a peer contradicts or
 * that an election newer than it may have replaced (docs/architecture.md, "Returning old masters"). The group:
 * master 10.0.0.1:6379 at config epoch 2, replicas R1 and R2 (R2 the old master, back as a master), two peers.
 */
class ReturningMasterTest {
    static final String VOTE_READ = "SENTINEL is-master-down-by-addr 10.0.0.1 6379 0 " + MY_ID;

    FakeClock clock;
    RecordingLinks links;
    SentinelCore core;
    List<SentinelEvent> events;
    /** What each instance answers to INFO. */
    final Map<Endpoint, String> info = new HashMap<>();
    /** What each peer answers to the view check, or absent: it does not answer. */
    final Map<Endpoint, RespValue[]> peerAnswers = new HashMap<>();
    /** Test time (ms since start) of R2's first INFO reply saying role:master, and of its conversion (-1: none). */
    long reportedAt = -1;
    long convertedAt = -1;
    long elapsed;

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        links = new RecordingLinks();
        events = new ArrayList<>();
        MasterConfig mc = new MasterConfig("mymaster", MASTER.host(), MASTER.port(), 2, 1000, 6000, 1, null, "pw",
                null, null, 0, Map.of(), 2, 2, List.of(R1, R2), List.of(new KnownSentinel(S1.host(), S1.port(), PEER1),
                new KnownSentinel(S2.host(), S2.port(), PEER2)));
        SentinelConfig cfg = new SentinelConfig(MY_ID, 2, true, false, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        core = new SentinelCore(cfg, c -> { }, links, clock, new Random(1));
        core.events().addSink(events::add);
        core.start();
        info.put(MASTER, masterInfo("1".repeat(40), R1));
        info.put(R1, replicaInfo("2".repeat(40), MASTER, 100));
        info.put(R2, replicaInfo("3".repeat(40), MASTER, 100));
    }

    static RespValue voteRead(long epoch) {
        return RespValue.array(RespValue.integer(0), bulk("*"), RespValue.integer(epoch));
    }

    static RespValue sentinelMaster(String ip, long configEpoch, String flags) {
        return RespValue.array(bulk("name"), bulk("mymaster"), bulk("ip"), bulk(ip), bulk("port"), bulk("6379"),
                bulk("flags"), bulk(flags), bulk("config-epoch"), bulk(Long.toString(configEpoch)));
    }

    /** Ticks for {@code ms}: links up, PING/PUBLISH/handshake answered, INFO and the view check as set up. */
    void run(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advanceMillis(100);
            elapsed += 100;
            core.tick();
            for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
                if (!c.isOpen() && !c.closed) {
                    c.connect();
                }
                if (!c.isOpen()) {
                    continue;
                }
                c.reply("PING", RespValue.simple("PONG"));
                c.reply("PUBLISH", RespValue.integer(1));
                c.reply("AUTH", RespValue.OK);
                c.reply("CLIENT", RespValue.OK);
                String text = info.get(c.target);
                if (text != null && c.reply("INFO", bulk(text)) > 0 && c.target.equals(R2) && reportedAt < 0
                        && text.contains("role:master")) {
                    reportedAt = elapsed;
                }
                RespValue[] answer = peerAnswers.get(c.target);
                if (answer != null) {
                    c.reply("SENTINEL is-master-down-by-addr 10.0.0.1 6379 0 ", answer[0]);
                    c.reply("SENTINEL master mymaster", answer[1]);
                }
            }
            if (convertedAt < 0 && conversionsOf(R2) > 0) {
                convertedAt = elapsed;
            }
        }
    }

    long conversionsOf(Endpoint node) {
        return events.stream().filter(e -> e instanceof SentinelEvent.ConvertToSlave c
                && c.instance().address().port() == node.port() && c.instance().address().host().equals(node.host()))
                .count();
    }

    boolean slaveOfSentTo(Endpoint node) {
        RecordingLinks.Conn c = links.latest(node, false);
        return c != null && c.sent.stream().anyMatch(s -> s.equals("SLAVEOF 10.0.0.1 6379"));
    }

    /** Everything settled under the view, then R2 comes back as a master, reported by its next INFO. */
    void oldMasterReturns() {
        run(3_000);
        assertThat(slaveOfSentTo(R2)).isFalse();
        info.put(R2, masterInfo("4".repeat(40)));
        // replicas are asked for INFO every 10 s
        for (int i = 0; i < 120 && reportedAt < 0; i++) {
            run(100);
        }
        assertThat(reportedAt).isPositive();
    }

    @Test
    void convertsAtOnceWhenTheMajorityAnswersItSharesTheView() {
        peerAnswers.put(S1, new RespValue[] {voteRead(2), sentinelMaster("10.0.0.1", 2, "master")});
        peerAnswers.put(S2, new RespValue[] {voteRead(2), sentinelMaster("10.0.0.1", 2, "master")});
        oldMasterReturns();
        run(1_000);

        assertThat(conversionsOf(R2)).isEqualTo(1);
        assertThat(slaveOfSentTo(R2)).isTrue();
        // in the tick that read the INFO and the answers (Redis waits 4 publish periods, 8 s)
        assertThat(convertedAt - reportedAt).isLessThanOrEqualTo(100);
        assertThat(links.latest(S1, false).sent).contains(VOTE_READ, "SENTINEL master mymaster");
    }

    @Test
    void oneAgreeingPeerIsAMajorityOfThreeWhenTheOtherIsSilent() {
        peerAnswers.put(S1, new RespValue[] {voteRead(2), sentinelMaster("10.0.0.1", 2, "master")});
        oldMasterReturns();
        run(500);
        assertThat(conversionsOf(R2)).isEqualTo(1);
    }

    @Test
    void aPeerThatSwitchedToTheNodeKeepsItAMaster() {
        // the node may be a master promoted in epoch 3 that this sentinel has not heard of: S1 has
        peerAnswers.put(S1, new RespValue[] {voteRead(3), sentinelMaster("10.0.0.3", 3, "master")});
        peerAnswers.put(S2, new RespValue[] {voteRead(3), sentinelMaster("10.0.0.1", 2, "master")});
        oldMasterReturns();
        run(20_000);
        assertThat(conversionsOf(R2)).isZero();
        assertThat(slaveOfSentTo(R2)).isFalse();
        // asked again while it lasts, at most once a second
        long asks = links.latest(S1, false).sent.stream().filter(VOTE_READ::equals).count();
        assertThat(asks).isBetween(2L, 22L);
    }

    @Test
    void aVoteInANewerElectionStandsAgainstTheViewUntilThatElectionHasSurelyEnded() {
        peerAnswers.put(S1, new RespValue[] {voteRead(3), sentinelMaster("10.0.0.1", 2, "master")});
        peerAnswers.put(S2, new RespValue[] {voteRead(3), sentinelMaster("10.0.0.1", 2, "master")});
        oldMasterReturns();
        run(5_000);
        assertThat(conversionsOf(R2)).isZero();
        // election timeout 10 s + failover-timeout 6 s + 4 publish periods: then a promotion would be known
        run(25_000);
        assertThat(conversionsOf(R2)).isEqualTo(1);
        assertThat(convertedAt - reportedAt).isGreaterThan(20_000);
    }

    @Test
    void aPeerInFailoverOrSeeingTheMasterDownDoesNotAgree() {
        peerAnswers.put(S1, new RespValue[] {voteRead(2), sentinelMaster("10.0.0.1", 2, "master,failover_in_progress")});
        peerAnswers.put(S2, new RespValue[] {RespValue.array(RespValue.integer(1), bulk("*"), RespValue.integer(2)),
                sentinelMaster("10.0.0.1", 2, "master,s_down")});
        oldMasterReturns();
        run(10_000);
        assertThat(conversionsOf(R2)).isZero();
    }

    @Test
    void errorsAndOddShapesAreNoAgreement() {
        peerAnswers.put(S1, new RespValue[] {RespValue.error("NOPERM this user has no permissions"),
                sentinelMaster("10.0.0.1", 2, "master")});
        peerAnswers.put(S2, new RespValue[] {voteRead(2), RespValue.array(bulk("ip"))});
        oldMasterReturns();
        run(10_000);
        assertThat(conversionsOf(R2)).isZero();
    }
}
