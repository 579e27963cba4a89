package io.jsentinel.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SENTINEL FAILOVER <name> COORDINATED [TO <ip> <port>]} against scripted nodes and peers: what is sent
 * to whom, in which order, and how refusals and a primary that gives up end (docs/switchover.md).
 */
class CoordinatedSwitchoverTest {
    // the same group as SentinelCoreTest's
    static final String MY_ID = SentinelCoreTest.MY_ID;
    static final Endpoint MASTER = SentinelCoreTest.MASTER;
    static final Endpoint R1 = SentinelCoreTest.R1;
    static final Endpoint R2 = SentinelCoreTest.R2;

    FakeClock clock;
    RecordingLinks links;
    SentinelCore core;
    List<SentinelEvent> events;
    /** What the primary's INFO says about its FAILOVER; null: a node older than 6.2 (no such line). */
    String primaryFailoverState = "no-failover";
    boolean primaryIsReplica;
    boolean promoted;
    /** The replies the primary gives to FAILOVER TO when queued, and to EXEC. */
    RespValue failoverQueued = RespValue.simple("QUEUED");
    RespValue primaryExec = RespValue.array(RespValue.OK, RespValue.OK);

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        links = new RecordingLinks();
        events = new ArrayList<>();
        MasterConfig mc = new MasterConfig("mymaster", MASTER.host(), MASTER.port(), 2, 5000, 20000, 1, null, null,
                null, null, 0, Map.of(), 0, 0, List.of(R1, R2),
                List.of(new KnownSentinel(SentinelCoreTest.S1.host(), SentinelCoreTest.S1.port(), SentinelCoreTest.PEER1),
                        new KnownSentinel(SentinelCoreTest.S2.host(), SentinelCoreTest.S2.port(), SentinelCoreTest.PEER2)));
        SentinelConfig cfg = new SentinelConfig(MY_ID, 0, true, false, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        core = new SentinelCore(cfg, c -> { }, links, clock, new Random(1));
        core.events().addSink(events::add);
        core.start();
    }

    RespValue sentinel(String... args) {
        List<byte[]> argv = new ArrayList<>();
        argv.add("SENTINEL".getBytes(StandardCharsets.UTF_8));
        Arrays.stream(args).forEach(a -> argv.add(a.getBytes(StandardCharsets.UTF_8)));
        return core.commands().execute(argv);
    }

    /** Ticks for {@code ms}, every node and peer answering as scripted. */
    void run(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advanceMillis(100);
            core.tick();
            for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
                if (!c.isOpen() && !c.closed) {
                    c.connect();
                }
            }
            for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
                if (c.isOpen()) {
                    answer(c);
                }
            }
        }
    }

    private void answer(RecordingLinks.Conn c) {
        c.reply("PING", RespValue.simple("PONG"));
        c.reply("PUBLISH", RespValue.integer(1));
        c.reply("AUTH", RespValue.OK);
        c.reply("SUBSCRIBE", RespValue.array(RespValue.bulk("subscribe"), RespValue.bulk("__sentinel__:hello"),
                RespValue.integer(1)));
        if (c.target.equals(MASTER)) {
            c.reply("MULTI", RespValue.OK);
            c.reply("CLIENT PAUSE", RespValue.simple("QUEUED"));
            c.reply("FAILOVER TO", failoverQueued);
            c.reply("EXEC", primaryExec);
            c.reply("INFO", RespValue.bulk(primaryIsReplica ? replicaInfo("1", R1) : masterInfo()));
        } else if (c.target.equals(R1) || c.target.equals(R2)) {
            boolean isNewMaster = c.target.equals(R1) && promoted;
            boolean repointed = c.sent.contains("SLAVEOF 10.0.0.2 6379");
            c.reply("INFO", RespValue.bulk(isNewMaster ? masterInfo() : replicaInfo(c.target.equals(R1) ? "2" : "3",
                    repointed ? R1 : MASTER)));
        } else {
            for (RecordingLinks.Conn.Pending p : List.copyOf(c.pending)) {
                if (p.command().startsWith("SENTINEL is-master-down-by-addr")) {
                    String[] w = p.command().split(" ");
                    c.pending.remove(p);
                    boolean vote = !w[5].equals("*");
                    p.callback().accept(RespValue.array(RespValue.integer(0), RespValue.bulk(vote ? w[5] : "*"),
                            RespValue.integer(vote ? Long.parseLong(w[4]) : 0)));
                }
            }
        }
        c.reply("CLIENT", RespValue.OK);
        c.reply("CONFIG", RespValue.OK);
        c.reply("SLAVEOF", RespValue.OK);
        c.reply("FAILOVER", RespValue.OK);
    }

    String masterInfo() {
        return "# Server\r\nrun_id:" + "1".repeat(40) + "\r\n# Replication\r\nrole:master\r\n"
                + "slave0:ip=10.0.0.2,port=6379,state=online,offset=100,lag=0\r\n"
                + "slave1:ip=10.0.0.3,port=6379,state=online,offset=100,lag=0\r\n"
                + (primaryFailoverState == null ? "" : "master_failover_state:" + primaryFailoverState + "\r\n");
    }

    static String replicaInfo(String id, Endpoint master) {
        return "# Server\r\nrun_id:" + id.repeat(40) + "\r\n# Replication\r\nrole:slave\r\nmaster_host:"
                + master.host() + "\r\nmaster_port:" + master.port() + "\r\nmaster_link_status:up\r\n"
                + "slave_repl_offset:100\r\nslave_priority:100\r\nreplica_announced:1\r\n"
                + "master_failover_state:no-failover\r\n";
    }

    List<String> texts() {
        return events.stream().map(e -> e.type() + " " + e.message()).toList();
    }

    List<String> sentTo(Endpoint target) {
        return links.opened.stream().filter(c -> c.target.equals(target) && !c.pubsub)
                .flatMap(c -> c.sent.stream()).toList();
    }

    Instance master() {
        return core.state().masters.get("mymaster");
    }

    @Test
    void aCoordinatedSwitchoverIsElectedThenHandedOverByThePrimary() {
        run(2000);
        assertThat(sentinel("failover", "mymaster", "coordinated", "to", "10.0.0.2", "6379")).isEqualTo(RespValue.OK);
        assertThat(master().is(Flags.COORD_FAILOVER)).isTrue();
        assertThat(sentinel("failover", "mymaster", "coordinated").toString()).contains("INPROG");
        run(500);
        assertThat(master().failoverState).isEqualTo(FailoverState.WAIT_PROMOTION);
        assertThat(sentTo(MASTER)).containsSequence("MULTI", "CLIENT PAUSE 20000 WRITE",
                "FAILOVER TO 10.0.0.2 6379 TIMEOUT 20000", "EXEC");
        // the primary hands over: it turns into a replica of R1, which reports the master role
        primaryIsReplica = true;
        promoted = true;
        run(3000);
        assertThat(texts()).containsSubsequence("+try-failover master mymaster 10.0.0.1 6379",
                "+vote-for-leader " + MY_ID + " 1", "+elected-leader master mymaster 10.0.0.1 6379",
                "+selected-slave slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379",
                "+failover-state-wait-promotion slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379",
                "+promoted-slave slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379",
                "+failover-end master mymaster 10.0.0.1 6379", "+switch-master mymaster 10.0.0.1 6379 10.0.0.2 6379");
        assertThat(sentTo(R1)).doesNotContain("SLAVEOF NO ONE")
                .containsSequence("MULTI", "CONFIG REWRITE", "CLIENT KILL TYPE normal", "CLIENT KILL TYPE pubsub",
                        "CLIENT UNPAUSE", "EXEC");
        assertThat(sentTo(MASTER)).containsSequence("MULTI", "CONFIG REWRITE", "CLIENT KILL TYPE normal",
                "CLIENT KILL TYPE pubsub", "CLIENT UNPAUSE", "EXEC");
        assertThat(sentTo(R2)).contains("SLAVEOF 10.0.0.2 6379");
        assertThat(master().addr).isEqualTo(R1);
        assertThat(master().is(Flags.COORD_FAILOVER)).isFalse();
    }

    @Test
    void aTimeoutBoundsThePrimarysPause() {
        run(2000);
        assertThat(sentinel("failover", "mymaster", "coordinated", "timeout", "3000", "to", "10.0.0.3", "6379"))
                .isEqualTo(RespValue.OK);
        run(500);
        assertThat(sentTo(MASTER)).containsSequence("MULTI", "CLIENT PAUSE 3000 WRITE",
                "FAILOVER TO 10.0.0.3 6379 TIMEOUT 3000", "EXEC");
    }

    @Test
    void aRefusedFailoverAbortsAtOnceAndUnpausesThePrimary() {
        // the primary's ACL refuses FAILOVER to the sentinel's user when it is queued, so EXEC discards all
        failoverQueued = RespValue.error("NOPERM this user has no permissions to run the 'failover' command");
        primaryExec = RespValue.error("EXECABORT Transaction discarded because of previous errors.");
        run(2000);
        assertThat(sentinel("failover", "mymaster", "coordinated")).isEqualTo(RespValue.OK);
        run(1000);
        assertThat(texts()).contains("-failover-abort-refused master mymaster 10.0.0.1 6379 "
                + "#NOPERM this user has no permissions to run the 'failover' command");
        assertThat(master().failoverState).isEqualTo(FailoverState.NONE);
        assertThat(master().is(Flags.COORD_FAILOVER)).isFalse();
        assertThat(master().addr).isEqualTo(MASTER);
        // EXEC discarded everything, our pause included: nothing to undo
        assertThat(sentTo(MASTER)).contains("EXEC").doesNotContain("CLIENT UNPAUSE", "FAILOVER ABORT");
        assertThat(sentTo(R1)).doesNotContain("SLAVEOF NO ONE");
    }

    @Test
    void aFailoverThatFailsInExecIsAbortedAndOurPauseLifted() {
        primaryExec = RespValue.array(RespValue.OK, RespValue.error("ERR FAILOVER target replica is not online."));
        run(2000);
        assertThat(sentinel("failover", "mymaster", "coordinated")).isEqualTo(RespValue.OK);
        run(1000);
        assertThat(texts()).contains("-failover-abort-refused master mymaster 10.0.0.1 6379 "
                + "#ERR FAILOVER target replica is not online.");
        assertThat(sentTo(MASTER)).containsSequence("EXEC", "CLIENT UNPAUSE").doesNotContain("FAILOVER ABORT");
    }

    @Test
    void someoneElsesFailoverOnThePrimaryIsNeverUndone() {
        // another sentinel's switchover runs on the primary: ours is refused, and theirs must go on untouched
        primaryExec = RespValue.array(RespValue.OK, RespValue.error("ERR FAILOVER already in progress."));
        run(2000);
        assertThat(sentinel("failover", "mymaster", "coordinated")).isEqualTo(RespValue.OK);
        run(1000);
        assertThat(texts()).contains("-failover-abort-refused master mymaster 10.0.0.1 6379 "
                + "#ERR FAILOVER already in progress.");
        assertThat(sentTo(MASTER)).doesNotContain("CLIENT UNPAUSE", "FAILOVER ABORT");
        // and once its INFO shows the primary failing over, a new request is refused before it starts
        primaryFailoverState = "waiting-for-sync";
        run(11_000);
        assertThat(sentinel("failover", "mymaster", "coordinated").toString()).contains("INPROG");
    }

    @Test
    void aPrimaryThatGivesUpWaitingForTheReplicaEndsTheSwitchoverWithTheTopologyUnchanged() {
        run(2000);
        assertThat(sentinel("failover", "mymaster", "coordinated")).isEqualTo(RespValue.OK);
        primaryFailoverState = "waiting-for-sync";
        run(1000);
        assertThat(master().failoverState).isEqualTo(FailoverState.WAIT_PROMOTION);
        // its TIMEOUT runs out: it resumes writes as master
        primaryFailoverState = "no-failover";
        run(500);
        assertThat(texts()).contains("-failover-abort-master-timeout master mymaster 10.0.0.1 6379");
        assertThat(master().failoverState).isEqualTo(FailoverState.NONE);
        assertThat(master().addr).isEqualTo(MASTER);
        assertThat(sentTo(MASTER)).contains("CLIENT UNPAUSE").doesNotContain("FAILOVER ABORT");
    }

    @Test
    void anAbortWhileThePrimaryStillWaitsAbortsItsFailoverToo() {
        run(2000);
        assertThat(sentinel("failover", "mymaster", "coordinated")).isEqualTo(RespValue.OK);
        primaryFailoverState = "waiting-for-sync";
        run(1000);
        assertThat(master().failoverState).isEqualTo(FailoverState.WAIT_PROMOTION);
        run(20_000);
        assertThat(texts()).contains("-failover-abort-slave-timeout master mymaster 10.0.0.1 6379");
        assertThat(sentTo(MASTER)).containsSequence("FAILOVER ABORT", "CLIENT UNPAUSE");
    }

    @Test
    void errorsComeInValkeysOrderAndThePlainFormIsUnchanged() {
        primaryFailoverState = null;
        run(2000);
        assertThat(sentinel("failover", "nosuch", "coordinated").toString()).contains("No such master with that name");
        assertThat(sentinel("failover", "mymaster", "coordinated").toString())
                .contains("NOGOODPRIMARY Primary does not support FAILOVER command");
        assertThat(sentinel("failover", "mymaster", "carefully").toString())
                .contains("ERR Unknown failover option specified");
        assertThat(sentinel("failover", "mymaster", "coordinated", "to").toString())
                .contains("wrong number of arguments for 'sentinel|failover' command");
        assertThat(sentinel("failover", "mymaster", "coordinated", "to", "10.0.0.9").toString())
                .contains("ERR Unknown failover option specified");
        primaryFailoverState = "no-failover";
        run(11_000);
        assertThat(sentinel("failover", "mymaster", "coordinated", "to", "10.0.0.9", "6379").toString())
                .contains("ERR No such replica with that address");
        assertThat(sentinel("failover", "mymaster", "coordinated", "to", "10.0.0.2", "x").toString())
                .contains("ERR value is not an integer or out of range");
        assertThat(sentinel("failover", "mymaster", "coordinated", "timeout", "0").toString())
                .contains("ERR value is not an integer or out of range");
        assertThat(sentinel("failover", "mymaster", "coordinated", "timeout", "5", "to").toString())
                .contains("ERR Unknown failover option specified");
        assertThat(sentinel("failover", "mymaster", "coordinated", "pause", "5").toString())
                .contains("ERR Unknown failover option specified");
        assertThat(sentinel("failover", "mymaster")).isEqualTo(RespValue.OK);
        assertThat(master().is(Flags.FORCE_FAILOVER)).isTrue();
        assertThat(master().is(Flags.COORD_FAILOVER)).isFalse();
        assertThat(sentinel("failover", "mymaster", "coordinated").toString()).contains("INPROG");
    }
}
