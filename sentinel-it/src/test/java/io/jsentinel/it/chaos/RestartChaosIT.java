package io.jsentinel.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.NetLab;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.it.support.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sentinel restarts and an unwritable config file, while all four clients write. A restarted sentinel
 * (one, then all three at once) must come back with the state it persisted: its id, the current master
 * after a failover, the epoch, the known replicas and sentinels, and the group must then fail over again.
 * A config file that cannot be rewritten ({@code chattr +i}) must be reported, not fatal.
 */
@Tag("chaos")
@ExtendWith(DumpLogsOnFailure.class)
class RestartChaosIT {

    @Test
    void sentinelsRestartOneThenAllAndReloadTheirState() {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "it.kinds excludes JSENTINEL");
        try (Topology t = topology()) {
            List<Integer> ports = t.sentinels().stream().map(SentinelNode::port).toList();
            try (Fleet fleet = new Fleet(Clients.all(ports))) {
                fleet.awaitWriting();
                // a first failover so that the persisted state differs from the initial config
                RedisNode first = t.initialMaster();
                long faultAt = System.nanoTime();
                int m1 = failover(t, first);
                first.replicaOfOnRestart(null);
                first.restart();
                await("rebooted old master demoted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> first.replicaOfPortNow() == m1 && t.discovered());
                List<String> ids = t.sentinels().stream().map(SentinelNode::myId).toList();
                String epoch = t.sentinel(0).master("mymaster").fieldStr("config-epoch");

                long oneAt = System.nanoTime();
                t.sentinel(0).restart();
                assertReloaded(t, ids, m1, epoch);
                long allAt = System.nanoTime();
                t.sentinels().forEach(SentinelNode::stop);
                t.sentinels().forEach(SentinelNode::start);
                assertReloaded(t, ids, m1, epoch);
                long reloadedMs = (System.nanoTime() - allAt) / 1_000_000;

                // the reloaded group still fails over, and every client follows it
                long secondAt = System.nanoTime();
                int m2 = failover(t, t.redisAt(m1));
                long switchAt = lastSwitch;
                fleet.awaitAcksAfter(switchAt, Duration.ofSeconds(60));
                Map<String, Long> recovery = fleet.recoveryMillis(secondAt, switchAt);
                Map<String, Long> lost = fleet.stopAndCountLost(m2);
                Fleet.report("restart/one-then-all-sentinels+failover", "state reloaded, failover", recovery, lost,
                        "restart_all_to_reloaded_ms=" + reloadedMs + " first_failover_from_ms="
                                + (oneAt - faultAt) / 1_000_000);
                assertThat(recovery.values()).as(fleet.errorsText()).allMatch(ms -> ms >= 0);
            }
        }
    }

    @Test
    void anUnwritableConfigIsLoggedAndTheSentinelKeepsWorking() throws Exception {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "it.kinds excludes JSENTINEL");
        Assumptions.assumeTrue(NetLab.unusableReason() == null || "root".equals(System.getProperty("user.name")),
                "chattr +i needs root");
        try (Topology t = topology()) {
            SentinelNode s = t.sentinel(0);
            Path conf = s.conf();
            Path dir = conf.getParent();
            List<Integer> ports = t.sentinels().stream().map(SentinelNode::port).toList();
            try (Fleet fleet = new Fleet(Clients.all(ports))) {
                fleet.awaitWriting();
                String before = s.confText();
                chattr("+i", conf);
                String blockedBy = "file";
                Resp flush = s.sentinel("FLUSHCONFIG");
                if (!flush.isError()) {
                    // the rewrite renames a temp file over the config: an immutable directory stops that too
                    chattr("+i", dir);
                    blockedBy = "file+directory (file alone did not: FLUSHCONFIG replied " + flush + ")";
                    flush = s.sentinel("FLUSHCONFIG");
                }
                try {
                    assertThat(flush.isError()).as("FLUSHCONFIG on an immutable config: %s", flush).isTrue();
                    assertThat(flush.text()).isEqualTo("ERR Failed to save config file. Check server logs.");
                    long faultAt = System.nanoTime();
                    int newPort = failover(t, t.initialMaster());
                    assertThat(s.isAlive()).as("the sentinel with the unwritable config survives").isTrue();
                    assertThat(s.masterPort("mymaster")).isEqualTo(newPort);
                    assertThat(s.confText()).as("the config file was not touched").isEqualTo(before);
                    fleet.awaitAcksAfter(lastSwitch, Duration.ofSeconds(60));
                    Map<String, Long> recovery = fleet.recoveryMillis(faultAt, lastSwitch);
                    Map<String, Long> lost = fleet.stopAndCountLost(newPort);
                    String logged = s.logText().lines().filter(l -> l.toLowerCase().contains("config"))
                            .filter(l -> l.contains("#") || l.toLowerCase().contains("error")
                                    || l.toLowerCase().contains("fail"))
                            .reduce((a, b) -> b).orElse("");
                    Fleet.report("config/immutable(chattr +i)", "failover, config kept, error logged", recovery,
                            lost, "blocked_by=" + blockedBy.replace(' ', '_'));
                    System.out.println("[chaos] config/immutable logged: " + logged);
                    assertThat(logged).as("an error about saving the config is logged").isNotEmpty();
                    assertThat(recovery.values()).as(fleet.errorsText()).allMatch(ms -> ms >= 0);
                } finally {
                    chattr("-i", dir);
                    chattr("-i", conf);
                }
                // writable again: the next save succeeds
                assertThat(s.sentinel("FLUSHCONFIG").str()).isEqualTo("OK");
            }
        }
    }

    private static long lastSwitch;

    private static Topology topology() {
        Topology t = Topology.builder().replicas(2).quorum(2).downAfter(1000).failoverTimeout(6000)
                .sentinels(SentinelKind.JSENTINEL, SentinelKind.JSENTINEL, SentinelKind.JSENTINEL).start();
        await("discovery").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(t::discovered);
        return t;
    }

    /** SIGKILLs {@code master}, waits for every sentinel's +switch-master and returns the new master port. */
    private static int failover(Topology t, RedisNode master) {
        List<Integer> marks = t.sentinels().stream().map(s -> s.events().mark()).toList();
        master.kill();
        int newPort = -1;
        for (int i = 0; i < t.sentinels().size(); i++) {
            PublishedEvent e = t.sentinel(i).awaitEvent(marks.get(i), "+switch-master",
                    "mymaster 127.0.0.1 " + master.port() + " ", Duration.ofSeconds(60));
            assertThat(e).as("%s switches; events %s", t.sentinel(i), t.sentinel(i).events().all()).isNotNull();
            newPort = Integer.parseInt(e.message().split(" ")[4]);
            lastSwitch = Math.max(lastSwitch, e.nanos());
        }
        return newPort;
    }

    private static void assertReloaded(Topology t, List<String> ids, int masterPort, String epoch) {
        for (int i = 0; i < t.sentinels().size(); i++) {
            SentinelNode s = t.sentinel(i);
            assertThat(s.myId()).as("%s keeps its id", s).isEqualTo(ids.get(i));
            assertThat(s.masterPort("mymaster")).as("%s reloads the current master", s).isEqualTo(masterPort);
            assertThat(s.master("mymaster").fieldStr("config-epoch")).isEqualTo(epoch);
        }
        // replicas and peers come from known-replica / known-sentinel lines before any hello arrives
        for (SentinelNode s : t.sentinels()) {
            assertThat(s.replicas("mymaster").size()).as("%s known replicas; conf:\n%s", s, s.confText())
                    .isEqualTo(2);
            assertThat(s.peers("mymaster").size()).as("%s known sentinels", s).isEqualTo(2);
        }
    }

    private static void chattr(String flag, Path p) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        if (!proc.waitFor(10, TimeUnit.SECONDS) || proc.exitValue() != 0) {
            throw new IllegalStateException("chattr " + flag + " " + p + ": " + out);
        }
    }
}
