package io.jsentinel.core;

import static io.jsentinel.core.SentinelCoreTest.MASTER;
import static io.jsentinel.core.SentinelCoreTest.MY_ID;
import static io.jsentinel.core.SentinelCoreTest.PEER1;
import static io.jsentinel.core.SentinelCoreTest.PEER2;
import static io.jsentinel.core.SentinelCoreTest.R1;
import static io.jsentinel.core.SentinelCoreTest.S1;
import static io.jsentinel.core.SentinelCoreTest.S2;
import static io.jsentinel.core.SentinelCoreTest.argv;
import static io.jsentinel.core.SentinelCoreTest.bulk;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.events.AlarmKind;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Instance;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alarms of docs/churn.md ("Alarms"): each detection, when it stays silent, when it ends, and that raising one
 * changes nothing the sentinel decides. Same group as {@link SentinelCoreTest}: master 10.0.0.1:6379 with quorum 2,
 * peers {@code PEER1} at 10.0.1.2 and {@code PEER2} at 10.0.1.3.
 */
class AlarmsTest {
    static final String P1 = "sentinel " + PEER1 + " 10.0.1.2 26379 @ mymaster 10.0.0.1 6379";
    static final String M = "master mymaster 10.0.0.1 6379";

    FakeClock clock;
    RecordingLinks links;
    SentinelCore core;
    List<SentinelEvent> events;

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        links = new RecordingLinks();
        events = new ArrayList<>();
        MasterConfig mc = new MasterConfig("mymaster", MASTER.host(), MASTER.port(), 2, 1000, 6000, 1, null, "pw",
                null, null, 0, Map.of(), 0, 0, List.of(), List.of(new KnownSentinel(S1.host(), S1.port(), PEER1),
                new KnownSentinel(S2.host(), S2.port(), PEER2)));
        SentinelConfig cfg = new SentinelConfig(MY_ID, 0, true, false, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(mc));
        core = new SentinelCore(cfg, c -> { }, links, clock, new Random(1));
        core.events().addSink(events::add);
        core.start();
    }

    List<String> texts() {
        return events.stream().map(e -> e.type() + " " + e.message()).toList();
    }

    Instance master() {
        return core.state().masters.get("mymaster");
    }

    Instance peer1() {
        return master().sentinels.get(PEER1);
    }

    static String hello(Endpoint sentinel, String runId, long epoch, String masterIp, long configEpoch) {
        return sentinel.host() + "," + sentinel.port() + "," + runId + "," + epoch + ",mymaster," + masterIp + ",6379,"
                + configEpoch;
    }

    /** Ticks for {@code ms}, every link up and answering PING, PUBLISH and the handshake (nothing else). */
    void live(long ms) {
        for (long t = 0; t < ms; t += 100) {
            clock.advanceMillis(100);
            core.tick();
            for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
                if (!c.isOpen() && !c.closed) {
                    c.connect();
                }
                if (c.isOpen()) {
                    c.reply("PING", RespValue.simple("PONG"));
                    c.reply("PUBLISH", RespValue.integer(1));
                    c.reply("AUTH", RespValue.OK);
                    c.reply("CLIENT", RespValue.OK);
                }
            }
        }
    }

    /** Ticks until the audit of {@code peer} is sent; returns our wall clock when it was. */
    long awaitAudit(Endpoint peer) {
        for (int i = 0; i < 1000; i++) {
            live(100);
            RecordingLinks.Conn c = links.latest(peer, false);
            if (c != null && c.pending.stream().anyMatch(p -> p.command().equals("INFO server"))) {
                return clock.wallMillis();
            }
        }
        throw new AssertionError("no audit sent to " + peer);
    }

    static RespValue sentinelMaster(int quorum) {
        return RespValue.array(bulk("name"), bulk("mymaster"), bulk("ip"), bulk("10.0.0.1"), bulk("port"),
                bulk("6379"), bulk("flags"), bulk("master"), bulk("quorum"), bulk(Integer.toString(quorum)),
                bulk("failover-timeout"), bulk("6000"));
    }

    static RespValue infoServer(long wallMillis) {
        return bulk("# Server\r\nredis_version:7.0.15\r\nredis_mode:sentinel\r\nserver_time_usec:"
                + (wallMillis * 1000 + 123) + "\r\nuptime_in_seconds:100\r\n");
    }

    // ---- one master name, two addresses -----------------------------------------------------------------

    @Test
    void anotherAddressUnderTheSameConfigEpochIsAnAlarmAtOnceUntilThePeerAgrees() {
        core.processHello(hello(S1, PEER1, 0, "10.0.0.9", 0));
        assertThat(texts()).contains("+misconfig-master-address " + P1 + " #announces 10.0.0.9 6379 config-epoch 0, "
                + "ours 0");
        assertThat(peer1().alarms).containsKey(AlarmKind.MASTER_ADDRESS);
        // reported, not acted on
        assertThat(master().addr).isEqualTo(MASTER);
        assertThat(master().configEpoch).isZero();
        int raised = events.size();
        core.processHello(hello(S1, PEER1, 0, "10.0.0.9", 0));
        assertThat(events).hasSize(raised);

        core.processHello(hello(S1, PEER1, 0, "10.0.0.1", 0));
        assertThat(texts()).contains("-misconfig-master-address " + P1);
        assertThat(peer1().alarms).isEmpty();
    }

    @Test
    void anOlderConfigEpochWithAnotherAddressIsAnAlarmOnlyOnceItLasts() {
        // PEER2 announces a failover: we switch to 10.0.0.3 under config epoch 3
        core.processHello(hello(S2, PEER2, 3, "10.0.0.3", 3));
        assertThat(master().addr.host()).isEqualTo("10.0.0.3");
        // PEER1 has not heard of it for a while, then has: no alarm
        for (int i = 0; i < 10; i++) {
            clock.advanceMillis(2000);
            core.processHello(hello(S1, PEER1, 0, "10.0.0.1", 0));
        }
        core.processHello(hello(S1, PEER1, 3, "10.0.0.3", 3));
        assertThat(texts()).noneMatch(t -> t.contains("misconfig"));
        // then it goes back to the old address under its old epoch, and stays there
        core.processHello(hello(S1, PEER1, 3, "10.0.0.1", 0));
        clock.advanceMillis(29_900);
        core.processHello(hello(S1, PEER1, 3, "10.0.0.1", 0));
        assertThat(texts()).noneMatch(t -> t.contains("misconfig"));
        clock.advanceMillis(100);
        core.processHello(hello(S1, PEER1, 3, "10.0.0.1", 0));
        assertThat(texts()).contains("+misconfig-master-address sentinel " + PEER1
                + " 10.0.1.2 26379 @ mymaster 10.0.0.3 6379 #announces 10.0.0.1 6379 config-epoch 0, ours 3");
        assertThat(master().addr.host()).isEqualTo("10.0.0.3");
    }

    @Test
    void aNewerConfigurationIsAdoptedAsBeforeAndRaisesNothing() {
        core.processHello(hello(S1, PEER1, 5, "10.0.0.9", 5));
        assertThat(texts()).contains("+switch-master mymaster 10.0.0.1 6379 10.0.0.9 6379")
                .noneMatch(t -> t.contains("misconfig"));
    }

    // ---- the audit: quorum and clock ------------------------------------------------------------------

    @Test
    void theAuditFindsAnotherQuorumAndItsEndOnePeerAtATime() {
        awaitAudit(S1);
        RecordingLinks.Conn s1 = links.latest(S1, false);
        assertThat(s1.pending).extracting(RecordingLinks.Conn.Pending::command)
                .contains("INFO server", "SENTINEL master mymaster");
        assertThat(peer1().link.pendingCommands).isGreaterThanOrEqualTo(2);
        // unanswered: no second audit, however long it takes
        live(130_000);
        assertThat(s1.sent.stream().filter("SENTINEL master mymaster"::equals)).hasSize(1);

        s1.reply("INFO server", infoServer(clock.wallMillis()));
        s1.reply("SENTINEL master", sentinelMaster(3));
        assertThat(texts()).contains("+misconfig-quorum " + P1 + " #quorum 3, ours 2")
                .noneMatch(t -> t.contains("misconfig-clock"));
        assertThat(master().quorum).isEqualTo(2);

        // an error is no data: the alarm stays
        awaitAudit(S1);
        s1.reply("INFO server", RespValue.error("NOPERM this user has no permissions to run the 'info' command"));
        s1.reply("SENTINEL master", RespValue.error("NOPERM this user has no permissions to run the 'sentinel' command"));
        assertThat(peer1().alarms).containsOnlyKeys(AlarmKind.QUORUM);

        awaitAudit(S1);
        s1.reply("INFO server", infoServer(clock.wallMillis()));
        s1.reply("SENTINEL master", sentinelMaster(2));
        assertThat(texts()).contains("-misconfig-quorum " + P1);
        assertThat(peer1().alarms).isEmpty();
    }

    @Test
    void theAuditPeriodFollowsSentinelDebug() {
        RespValue ok = core.commands().execute(argv("SENTINEL", "DEBUG", "peer-audit-period", "1000"));
        assertThat(ok).isEqualTo(RespValue.OK);
        assertThat(core.state().timers.peerAuditPeriod).isEqualTo(1000);
        // redis-sentinel's list stays as it is
        RespValue list = core.commands().execute(argv("SENTINEL", "DEBUG"));
        assertThat(((RespValue.MapValue) list).entries().keySet().stream()
                .map(k -> ((RespValue.BulkString) k).utf8())).hasSize(13).contains("INFO-PERIOD")
                .doesNotContain("PEER-AUDIT-PERIOD");
        assertThat(core.commands().execute(argv("SENTINEL", "DEBUG", "no-such-period", "1")))
                .isInstanceOf(RespValue.Error.class);

        live(3000);
        RecordingLinks.Conn s1 = links.latest(S1, false);
        RecordingLinks.Conn s2 = links.latest(S2, false);
        // answered each time: one audit per period, not one per tick
        for (int i = 0; i < 5; i++) {
            live(1000);
            for (RecordingLinks.Conn c : List.of(s1, s2)) {
                c.reply("INFO server", infoServer(clock.wallMillis()));
                c.reply("SENTINEL master", sentinelMaster(2));
            }
        }
        // 8 s: the first audit waits 3 s for its answer, then one a second
        assertThat(s1.sent.stream().filter("INFO server"::equals).count()).isBetween(4L, 7L);
        assertThat(s2.sent.stream().filter("INFO server"::equals).count()).isBetween(4L, 7L);
        assertThat(texts()).noneMatch(t -> t.contains("misconfig"));
    }

    @Test
    void aClockBeyondTheLimitEvenWithTheRoundTripIsAnAlarm() {
        core.state().timers.peerAuditPeriod = 1000;
        // 5004 ms ahead, but 20 ms of round trip: maybe within 5 s, not an alarm
        long sent = awaitAudit(S1);
        RecordingLinks.Conn s1 = links.latest(S1, false);
        clock.advanceMillis(20);
        s1.reply("INFO server", infoServer(sent + 10 + 5004));
        s1.reply("SENTINEL master", sentinelMaster(2));
        assertThat(peer1().alarms).isEmpty();

        sent = awaitAudit(S1);
        clock.advanceMillis(10);
        // the peer read its clock halfway: 7000 ms ahead of ours
        s1.reply("INFO server", infoServer(sent + 5 + 7000));
        s1.reply("SENTINEL master", sentinelMaster(2));
        assertThat(texts()).contains("+misconfig-clock " + P1 + " #clock offset 7000 ms, rtt 10 ms");

        // 5004 ms behind with 20 ms of round trip: maybe beyond 5 s, so it does not end
        sent = awaitAudit(S1);
        clock.advanceMillis(20);
        s1.reply("INFO server", infoServer(sent + 10 - 5004));
        s1.reply("SENTINEL master", sentinelMaster(2));
        assertThat(peer1().alarms).containsOnlyKeys(AlarmKind.CLOCK);

        // within the limit even so: ends
        sent = awaitAudit(S1);
        clock.advanceMillis(20);
        s1.reply("INFO server", infoServer(sent + 10 - 4990));
        s1.reply("SENTINEL master", sentinelMaster(2));
        assertThat(texts()).contains("-misconfig-clock " + P1);

        // a peer far off, seen while we are in TILT (our own clock in doubt), or without server_time_usec: nothing
        sent = awaitAudit(S1);
        core.state().tilt = true;
        s1.reply("INFO server", infoServer(sent + 60_000));
        s1.reply("SENTINEL master", sentinelMaster(2));
        core.state().tilt = false;
        awaitAudit(S1);
        s1.reply("INFO server", bulk("# Server\r\nredis_version:6.0.9\r\n"));
        s1.reply("SENTINEL master", sentinelMaster(2));
        assertThat(peer1().alarms).isEmpty();
        assertThat(texts()).filteredOn(t -> t.startsWith("+misconfig-clock")).hasSize(1);
    }

    // ---- another process at a known address ------------------------------------------------------------

    static String masterInfo(String runId, long uptimeSeconds) {
        return "# Server\r\nrun_id:" + runId + "\r\n" + (uptimeSeconds < 0 ? "" : "uptime_in_seconds:" + uptimeSeconds
                + "\r\n") + "# Replication\r\nrole:master\r\n";
    }

    /** Ticks until the master has an INFO pending, then answers it. */
    void masterAnswers(String info) {
        for (int i = 0; i < 200; i++) {
            RecordingLinks.Conn c = links.latest(MASTER, false);
            if (c != null && c.reply("INFO", bulk(info)) > 0) {
                return;
            }
            live(100);
        }
        throw new AssertionError("no INFO asked of the master");
    }

    @Test
    void aNewRunIdUpLongerThanTheOldOneWasUnheardIsAnotherProcess() {
        core.state().timers.replacedAlarmHold = 5000;
        String a = "1".repeat(40);
        String b = "2".repeat(40);
        String c = "3".repeat(40);
        masterAnswers(masterInfo(a, 500));
        live(9000);
        masterAnswers(masterInfo(a, 510));
        // a restart: up for less than the old run id has been silent
        live(4000);
        masterAnswers(masterInfo(b, 3));
        assertThat(texts()).contains("+reboot " + M).noneMatch(t -> t.contains("instance-replaced"));
        // without uptime_in_seconds: no data
        live(9000);
        masterAnswers(masterInfo(c, -1));
        assertThat(texts()).filteredOn(t -> t.startsWith("+reboot")).hasSize(2);
        assertThat(texts()).noneMatch(t -> t.contains("instance-replaced"));

        // a process up for an hour answers where c was heard 10 s ago
        live(9000);
        masterAnswers(masterInfo(c, 900));
        live(900);
        masterAnswers(masterInfo(a, 3600));
        List<String> replaced = texts().stream().filter(t -> t.startsWith("+instance-replaced")).toList();
        assertThat(replaced).hasSize(1);
        assertThat(replaced.get(0)).startsWith("+instance-replaced " + M + " #run_id " + c + " -> " + a
                + ", up 3600 s, old run_id last heard ").endsWith(" ms before");
        assertThat(master().alarms).containsOnlyKeys(AlarmKind.INSTANCE_REPLACED);
        SentinelEvent.InstanceReplaced e = (SentinelEvent.InstanceReplaced) master().alarms
                .get(AlarmKind.INSTANCE_REPLACED).raisedBy();
        assertThat(e.unheardMillis()).isBetween(900L, 11_000L);
        assertThat(master().addr).isEqualTo(MASTER);

        live(4800);
        assertThat(texts()).noneMatch(t -> t.startsWith("-instance-replaced"));
        live(300);
        assertThat(texts()).contains("-instance-replaced " + M);
        assertThat(master().alarms).isEmpty();
    }

    @Test
    void aReplacedReplicaIsReportedToo() {
        masterAnswers("# Server\r\nrun_id:" + "1".repeat(40) + "\r\n# Replication\r\nrole:master\r\nslave0:ip="
                + R1.host() + ",port=" + R1.port() + ",state=online,offset=1,lag=0\r\n");
        String replica = "slave 10.0.0.2:6379 10.0.0.2 6379 @ mymaster 10.0.0.1 6379";
        for (String[] answer : new String[][] {{"4", "100"}, {"5", "86400"}}) {
            for (int i = 0; i < 200 && links.latest(R1, false) == null; i++) {
                live(100);
            }
            RecordingLinks.Conn r1 = links.latest(R1, false);
            for (int i = 0; i < 200 && r1.pending.stream().noneMatch(p -> p.command().equals("INFO")); i++) {
                live(100);
            }
            r1.reply("INFO", bulk(SentinelCoreTest.replicaInfo(answer[0].repeat(40), MASTER, 10)
                    + "uptime_in_seconds:" + answer[1] + "\r\n"));
        }
        assertThat(texts()).contains("+reboot " + replica)
                .anyMatch(t -> t.startsWith("+instance-replaced " + replica + " #run_id " + "4".repeat(40)));
    }
}
