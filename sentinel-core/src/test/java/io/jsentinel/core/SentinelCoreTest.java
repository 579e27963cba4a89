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
import io.jsentinel.state.Instance;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SentinelCoreTest {
    static final String MY_ID = "a".repeat(40);
    static final String PEER1 = "b".repeat(40);
    static final String PEER2 = "c".repeat(40);
    static final Endpoint MASTER = new Endpoint("10.0.0.1", 6379);
    static final Endpoint R1 = new Endpoint("10.0.0.2", 6379);
    static final Endpoint R2 = new Endpoint("10.0.0.3", 6379);
    static final Endpoint S1 = new Endpoint("10.0.1.2", 26379);
    static final Endpoint S2 = new Endpoint("10.0.1.3", 26379);

    FakeClock clock;
    RecordingLinks links;
    SentinelCore core;
    List<SentinelEvent> events;
    List<SentinelConfig> saved;

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        links = new RecordingLinks();
        events = new ArrayList<>();
        saved = new ArrayList<>();
        MasterConfig mc = new MasterConfig("mymaster", MASTER.host(), MASTER.port(), 2, 1000, 6000, 1, null, "pw",
                null, null, 0, Map.of(), 0, 0, List.of(), List.of(new KnownSentinel(S1.host(), S1.port(), PEER1),
                new KnownSentinel(S2.host(), S2.port(), PEER2)));
        SentinelConfig cfg = new SentinelConfig(MY_ID, 0, true, false, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        core = new SentinelCore(cfg, saved::add, links, clock, new Random(1));
        core.events().addSink(events::add);
        core.start();
    }

    void run(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advanceMillis(100);
            core.tick();
        }
    }

    List<String> texts() {
        return events.stream().map(e -> e.type() + " " + e.message()).toList();
    }

    static String masterInfo(String runId, Endpoint... replicas) {
        StringBuilder sb = new StringBuilder("# Server\r\nrun_id:" + runId + "\r\n# Replication\r\nrole:master\r\n");
        int i = 0;
        for (Endpoint r : replicas) {
            sb.append("slave").append(i++).append(":ip=").append(r.host()).append(",port=").append(r.port())
                    .append(",state=online,offset=100,lag=0\r\n");
        }
        return sb.toString();
    }

    static String replicaInfo(String runId, Endpoint master, long offset) {
        return "# Server\r\nrun_id:" + runId + "\r\n# Replication\r\nrole:slave\r\nmaster_host:" + master.host()
                + "\r\nmaster_port:" + master.port() + "\r\nmaster_link_status:up\r\nslave_repl_offset:" + offset
                + "\r\nslave_priority:100\r\nreplica_announced:1\r\n";
    }

    static RespValue bulk(String s) {
        return RespValue.bulk(s);
    }

    void connectAll() {
        for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
            if (!c.isOpen() && !c.closed) {
                c.connect();
            }
        }
    }

    void answerPings() {
        for (RecordingLinks.Conn c : links.opened) {
            if (c.isOpen()) {
                c.reply("PING", RespValue.simple("PONG"));
                c.reply("AUTH", RespValue.OK);
                c.reply("CLIENT", RespValue.OK);
                c.reply("PUBLISH", RespValue.integer(1));
            }
        }
    }

    @Test
    void startAnnouncesMastersAndPeersReconnectWithAuthAndName() {
        assertThat(texts()).contains("+monitor master mymaster 10.0.0.1 6379 quorum 2");
        run(1100);
        connectAll();
        RecordingLinks.Conn cc = links.latest(MASTER, false);
        assertThat(cc.sent).startsWith("AUTH pw", "CLIENT SETNAME sentinel-aaaaaaaa-cmd", "PING");
        RecordingLinks.Conn pc = links.latest(MASTER, true);
        assertThat(pc.sent).containsExactly("AUTH pw", "CLIENT SETNAME sentinel-aaaaaaaa-pubsub",
                "SUBSCRIBE __sentinel__:hello");
        // Peers get no auth without sentinel-pass or requirepass, and no pub/sub link.
        assertThat(links.latest(S1, false).sent).startsWith("CLIENT SETNAME sentinel-aaaaaaaa-cmd", "PING");
        assertThat(links.latest(S1, true)).isNull();
    }

    @Test
    void infoDiscoversReplicasAndSilenceMakesSdown() {
        run(1100);
        connectAll();
        answerPings();
        run(200);
        RecordingLinks.Conn cc = links.latest(MASTER, false);
        cc.reply("INFO", bulk(masterInfo("1".repeat(40), R1, R2)));
        assertThat(texts()).contains("+slave slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379",
                "+slave slave 10.0.0.3:6379 10.0.0.3 6379 @ mymaster 10.0.0.1 6379");
        assertThat(saved.get(saved.size() - 1).masters().get(0).knownReplicas()).containsExactly(R1, R2);
        // No more PONGs from the master: SDOWN after down-after (1000 ms).
        run(1500);
        assertThat(texts()).contains("+sdown master mymaster 10.0.0.1 6379");
    }

    @Test
    void fullFailoverAsLeader() {
        List<String> afterSwitch = watchPublishedAddressAfterSwitch();
        run(1100);
        connectAll();
        answerPings();
        run(200);
        links.latest(MASTER, false).reply("INFO", bulk(masterInfo("1".repeat(40), R1, R2)));
        run(1100);
        connectAll();
        for (Endpoint r : List.of(R1, R2)) {
            links.latest(r, false).reply("INFO", bulk(replicaInfo((r == R1 ? "2" : "3").repeat(40), MASTER,
                    r == R1 ? 500 : 400)));
        }
        // Master dies: it stops answering; replicas and peers keep answering.
        long deadline = 4000;
        for (long t = 0; t < deadline; t += 100) {
            clock.advanceMillis(100);
            core.tick();
            for (RecordingLinks.Conn c : links.opened) {
                if (!c.isOpen() || c.target.equals(MASTER)) {
                    continue;
                }
                c.reply("PING", RespValue.simple("PONG"));
                c.reply("PUBLISH", RespValue.integer(1));
                c.reply("CLIENT", RespValue.OK);
                c.reply("AUTH", RespValue.OK);
                if (c.target.equals(R1) || c.target.equals(R2)) {
                    boolean promoted = c.target.equals(R1) && c.sent.contains("SLAVEOF NO ONE");
                    c.reply("INFO", bulk(promoted ? masterInfo("2".repeat(40)) : replicaInfo(
                            (c.target.equals(R1) ? "2" : "3").repeat(40), c.sent.contains("SLAVEOF 10.0.0.2 6379")
                                    ? R1 : MASTER, 400)));
                }
                if (c.target.equals(S1) || c.target.equals(S2)) {
                    // Peers agree the master is down and vote for whoever asks with a run id.
                    for (RecordingLinks.Conn.Pending p : List.copyOf(c.pending)) {
                        if (p.command().startsWith("SENTINEL is-master-down-by-addr")) {
                            String[] w = p.command().split(" ");
                            String voted = w[5].equals("*") ? "*" : w[5];
                            c.pending.remove(p);
                            p.callback().accept(RespValue.array(RespValue.integer(1), bulk(voted),
                                    RespValue.integer(voted.equals("*") ? 0 : Long.parseLong(w[4]))));
                        }
                    }
                }
            }
        }
        List<String> t = texts();
        // The first "down" answer completes the quorum and is acted on at once.
        assertThat(t).contains("+odown master mymaster 10.0.0.1 6379 #quorum 2/2", "+new-epoch 1",
                "+try-failover master mymaster 10.0.0.1 6379", "+vote-for-leader " + MY_ID + " 1",
                "+elected-leader master mymaster 10.0.0.1 6379",
                "+selected-slave slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379",
                "+promoted-slave slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379",
                "+slave-reconf-sent slave 10.0.0.3:6379 10.0.0.3 6379 @ mymaster 10.0.0.1 6379",
                "+failover-end master mymaster 10.0.0.1 6379",
                "+switch-master mymaster 10.0.0.1 6379 10.0.0.2 6379");
        List<String> sentToR1 = links.opened.stream().filter(c -> c.target.equals(R1) && !c.pubsub)
                .flatMap(c -> c.sent.stream()).toList();
        assertThat(sentToR1).containsSequence("MULTI", "SLAVEOF NO ONE", "CONFIG REWRITE",
                "CLIENT KILL TYPE normal", "CLIENT KILL TYPE pubsub", "EXEC");
        Instance m = core.state().masters.get("mymaster");
        assertThat(m.addr).isEqualTo(R1);
        assertThat(m.configEpoch).isEqualTo(1);
        assertThat(m.failoverState).isEqualTo(FailoverState.NONE);
        assertThat(m.slaves.keySet()).containsExactlyInAnyOrder("10.0.0.3:6379", "10.0.0.1:6379");
        RespValue addr = core.commands().execute(List.of("SENTINEL".getBytes(StandardCharsets.UTF_8),
                "get-master-addr-by-name".getBytes(StandardCharsets.UTF_8),
                "mymaster".getBytes(StandardCharsets.UTF_8)));
        assertThat(addr).isEqualTo(RespValue.array(bulk("10.0.0.2"), bulk("6379")));
        assertThat(saved.get(saved.size() - 1).masters().get(0).host()).isEqualTo("10.0.0.2");
        assertThat(afterSwitch).as("events after the switch").contains("+switch-master");
    }

    @Test
    void voteOncePerEpochAndPersistBeforeReplying() {
        List<byte[]> req = argv("SENTINEL", "is-master-down-by-addr", "10.0.0.1", "6379", "5", PEER1);
        int before = saved.size();
        RespValue r = core.commands().execute(req);
        assertThat(r).isEqualTo(RespValue.array(RespValue.integer(0), bulk(PEER1), RespValue.integer(5)));
        assertThat(saved.size()).isGreaterThan(before);
        assertThat(saved.get(saved.size() - 1).masters().get(0).leaderEpoch()).isEqualTo(5);
        assertThat(saved.get(saved.size() - 1).currentEpoch()).isEqualTo(5);
        RespValue second = core.commands().execute(argv("SENTINEL", "is-master-down-by-addr", "10.0.0.1", "6379",
                "5", PEER2));
        assertThat(second).isEqualTo(RespValue.array(RespValue.integer(0), bulk(PEER1), RespValue.integer(5)));
        RespValue unknown = core.commands().execute(argv("SENTINEL", "is-master-down-by-addr", "10.9.9.9", "1",
                "9", PEER2));
        assertThat(unknown).isEqualTo(RespValue.array(RespValue.integer(0), bulk("*"), RespValue.integer(0)));
    }

    @Test
    void helloFromNewPeerAddsItAndNewerConfigSwitchesMaster() {
        String other = "d".repeat(40);
        core.processHello("10.0.1.9,26379," + other + ",7,mymaster,10.0.0.1,6379,0");
        assertThat(texts()).contains("+sentinel sentinel " + other + " 10.0.1.9 26379 @ mymaster 10.0.0.1 6379",
                "+new-epoch 7");
        core.processHello("10.0.1.9,26379," + other + ",7,mymaster,10.0.0.3,6379,7");
        assertThat(texts()).contains("+config-update-from sentinel " + other
                + " 10.0.1.9 26379 @ mymaster 10.0.0.1 6379", "+switch-master mymaster 10.0.0.1 6379 10.0.0.3 6379");
        assertThat(core.state().masters.get("mymaster").addr).isEqualTo(R2);
        assertThat(core.state().masters.get("mymaster").configEpoch).isEqualTo(7);
        assertThat(core.publishedMasterAddress("mymaster")).isEqualTo(RespValue.array(bulk("10.0.0.3"), bulk("6379")));
        assertThat(core.publishedMasterAddress("nope")).isEqualTo(RespValue.NULL_ARRAY);
    }

    @Test
    void tiltOnWallClockJump() {
        run(200);
        clock.jumpWall(-5000);
        run(100);
        assertThat(texts()).contains("+tilt #tilt mode entered");
        RespValue r = core.commands().execute(argv("SENTINEL", "is-master-down-by-addr", "10.0.0.1", "6379", "0",
                "*"));
        assertThat(((RespValue.Array) r).items().get(0)).isEqualTo(RespValue.integer(0));
        run(31_000);
        assertThat(texts()).contains("-tilt #tilt mode exited");
    }

    @Test
    void aDroppedLinkIsTimedFromTheDropAndCheckedRightAtTheDeadline() {
        run(1100);
        connectAll();
        answerPings();
        run(300);
        answerPings();
        clock.advanceMillis(7);
        int mark = events.size();
        links.latest(MASTER, false).fail(); // the master's process died: its connection drops
        long sinceDrop = 40;
        clock.advanceMillis(sinceDrop);
        core.tick(); // reconnects (the attempt stays pending) and asks for a tick at the deadline
        assertThat(core.millisUntilWake()).isEqualTo(1000 + 1 - sinceDrop);
        clock.advanceMillis(1000 - sinceDrop);
        core.tick();
        assertThat(texts().subList(mark, events.size())).doesNotContain("+sdown master mymaster 10.0.0.1 6379");
        assertThat(core.millisUntilWake()).isEqualTo(1);
        clock.advanceMillis(1);
        core.tick();
        assertThat(texts().subList(mark, events.size())).contains("+sdown master mymaster 10.0.0.1 6379");
    }

    @Test
    void aPeerAskingWhileWeAreSdownIsAskedBackAndItsAnswerMakesOdownAtOnce() {
        run(1100);
        connectAll();
        answerPings();
        run(200);
        int mark = events.size();
        // The master stops answering; the peers do not see it down yet.
        for (long t = 0; t < 2500; t += 100) {
            clock.advanceMillis(100);
            core.tick();
            for (Endpoint peer : List.of(S1, S2)) {
                RecordingLinks.Conn c = links.latest(peer, false);
                c.reply("PING", RespValue.simple("PONG"));
                c.reply("SENTINEL is-master-down-by-addr", RespValue.array(RespValue.integer(0), bulk("*"),
                        RespValue.integer(0)));
            }
        }
        assertThat(texts().subList(mark, events.size())).contains("+sdown master mymaster 10.0.0.1 6379")
                .doesNotContain("+odown master mymaster 10.0.0.1 6379 #quorum 2/2");
        clock.advanceMillis(20);
        // S1 reaches SDOWN too and asks us; between two ticks we ask it back...
        RespValue answer = core.commands().execute(argv("SENTINEL", "is-master-down-by-addr", "10.0.0.1", "6379",
                "0", "*"));
        assertThat(((RespValue.Array) answer).items().get(0)).isEqualTo(RespValue.integer(1));
        RecordingLinks.Conn s1 = links.latest(S1, false);
        assertThat(s1.pending).extracting(RecordingLinks.Conn.Pending::command)
                .contains("SENTINEL is-master-down-by-addr 10.0.0.1 6379 0 *");
        // ...and its "down" completes the quorum without waiting for a tick.
        s1.reply("SENTINEL is-master-down-by-addr", RespValue.array(RespValue.integer(1), bulk("*"),
                RespValue.integer(0)));
        assertThat(texts()).contains("+odown master mymaster 10.0.0.1 6379 #quorum 2/2");
        // A second ask while the first is unanswered sends nothing more to that peer.
        int before = links.latest(S2, false).sent.size();
        core.commands().execute(argv("SENTINEL", "is-master-down-by-addr", "10.0.0.1", "6379", "0", "*"));
        assertThat(links.latest(S2, false).sent).hasSize(before);
    }

    @Test
    void aSwitchedMasterIsConnectedAtOnceAndOldDownAnswersAreForgotten() {
        List<String> afterSwitch = watchPublishedAddressAfterSwitch();
        run(1100);
        connectAll();
        answerPings();
        run(200);
        links.latest(MASTER, false).fail();
        clock.advanceMillis(10);
        core.tick(); // a reconnect attempt to the dead address: the next one is a ping period away
        Instance m = core.state().masters.get("mymaster");
        for (Instance p : m.sentinels.values()) {
            p.set(io.jsentinel.state.Flags.MASTER_DOWN);
            p.lastMasterDownReplyTime = clock.monoMillis();
        }
        core.processHello("10.0.1.2,26379," + PEER1 + ",3,mymaster,10.0.0.3,6379,3");
        assertThat(m.addr).isEqualTo(R2);
        clock.advanceMillis(10);
        core.tick();
        assertThat(links.latest(R2, false)).as("command link to the new master").isNotNull();
        assertThat(m.sentinels.values()).noneMatch(p -> p.is(io.jsentinel.state.Flags.MASTER_DOWN));
        assertThat(afterSwitch).as("events after the switch").contains("+switch-master");
    }

    /**
     * hiredis drops a subscribed connection on an error reply, so redis-sentinel shows a master whose ACL no
     * longer admits it (SUBSCRIBE: -NOAUTH) as disconnected, retrying once a ping period (upstream suite,
     * 03-runtime-reconf "master ACL change").
     */
    @Test
    void anErrorReplyToSubscribeDropsThePubSubLinkUntilTheNextReconnect() {
        run(1100);
        connectAll();
        answerPings();
        Instance m = core.state.masters.get("mymaster");
        assertThat(m.link.disconnected).isFalse();
        RecordingLinks.Conn pc = links.latest(MASTER, true);
        pc.reply("SUBSCRIBE", RespValue.error("NOAUTH Authentication required."));
        assertThat(pc.isOpen()).isFalse();
        assertThat(m.link.pc).isNull();
        assertThat(m.link.disconnected).isTrue();
        run(1100);
        RecordingLinks.Conn again = links.latest(MASTER, true);
        assertThat(again).isNotNull().isNotSameAs(pc);
        again.connect();
        again.reply("SUBSCRIBE", RespValue.array(bulk("subscribe"), bulk("__sentinel__:hello"), RespValue.integer(1)));
        assertThat(again.isOpen()).isTrue();
        assertThat(m.link.disconnected).isFalse();
    }

    /** Redis sends a new link's first INFO on the tick that opens it; a manual failover may follow at once. */
    @Test
    void aFreshReplicaLinkAsksForInfoAsSoonAsItIsUp() {
        run(1100);
        connectAll();
        answerPings();
        run(200);
        assertThat(links.latest(MASTER, false).reply("INFO", bulk(masterInfo("1".repeat(40), R1)))).isPositive();
        run(100);
        RecordingLinks.Conn cc = links.latest(R1, false);
        RecordingLinks.Conn pc = links.latest(R1, true);
        cc.connect();
        assertThat(cc.sent).doesNotContain("INFO");
        pc.connect();
        assertThat(cc.sent).contains("INFO");
    }

    /** With assertions on (as in every test run), a state change from a thread that does not own it fails. */
    @Test
    void stateIsChangedOnlyFromTheThreadThatOwnsIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(SentinelCore.class.desiredAssertionStatus(), "needs -ea");
        run(100);  // this thread drives the core from here on
        java.util.concurrent.atomic.AtomicReference<Throwable> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                core.commands().execute(argv("SENTINEL", "SET", "mymaster", "quorum", "1"));
            } catch (Throwable t) {
                seen.set(t);
            }
        }, "not-the-loop");
        other.start();
        other.join();
        assertThat(seen.get()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("sentinel state touched from not-the-loop");
        assertThat(core.state.masters.get("mymaster").quorum).isEqualTo(2);
    }

    /**
     * From the moment +switch-master is emitted (and may reach a client), GET-MASTER-ADDR-BY-NAME, answered off
     * the loop from the published address, must give the new address: records it at every later event.
     */
    List<String> watchPublishedAddressAfterSwitch() {
        List<String> seen = new ArrayList<>();
        String[] newAddr = new String[1];
        core.events().addSink(e -> {
            if (e instanceof SentinelEvent.SwitchMaster sw) {
                newAddr[0] = sw.newAddress().host() + ":" + sw.newAddress().port();
            }
            if (newAddr[0] != null) {
                RespValue r = core.publishedMasterAddress("mymaster");
                List<RespValue> items = ((RespValue.Array) r).items();
                String published = ((RespValue.BulkString) items.get(0)).utf8() + ":"
                        + ((RespValue.BulkString) items.get(1)).utf8();
                assertThat(published).as("published address at %s", e.type()).isEqualTo(newAddr[0]);
                seen.add(e.type());
            }
        });
        return seen;
    }

    static List<byte[]> argv(String... a) {
        List<byte[]> out = new ArrayList<>();
        for (String s : a) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
