package io.jsentinel.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.ChaosProxy;
import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Latency and loss between everyone and the master through a {@link ChaosProxy}: the sentinels monitor
 * the master at the proxy's port, so they, and the clients they point there, see the degraded path. Slow
 * and lossy but answering within down-after must not cause a failover; a blackhole must, and every client
 * must follow.
 */
@Tag("chaos")
@ExtendWith(DumpLogsOnFailure.class)
class LatencyChaosIT {
    private static final long DOWN_AFTER = 2000;

    @Test
    void latencyAndLossBelowDownAfterKeepTheMasterThenABlackholeFailsOver() {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "it.kinds excludes JSENTINEL");
        RedisNode master = RedisNode.builder().name("master").start();
        RedisNode r1 = RedisNode.builder().name("replica1").replicaOf(master).start();
        RedisNode r2 = RedisNode.builder().name("replica2").replicaOf(master).start();
        ChaosProxy proxy = new ChaosProxy(master.port());
        List<SentinelNode> sentinels = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                sentinels.add(SentinelNode.builder(SentinelKind.JSENTINEL).monitor("mymaster", proxy.port(), 2)
                        .downAfter(DOWN_AFTER).failoverTimeout(6000).start());
            }
            await("discovery").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sentinels.stream().allMatch(s -> s.replicas("mymaster").size() == 2
                            && s.peers("mymaster").size() == 2));
            List<Integer> ports = sentinels.stream().map(SentinelNode::port).toList();
            List<Integer> marks = sentinels.stream().map(s -> s.events().mark()).toList();
            try (Fleet fleet = new Fleet(Clients.all(ports))) {
                fleet.awaitWriting();

                // phase 1: 300 ± 200 ms each way and 10 % loss (+400 ms): slow, but under down-after
                proxy.latency(300, 200).loss(0.10);
                long degradedAt = System.nanoTime();
                long acksBefore = fleet.totalAcks();
                PublishedEvent falseAlarm = sentinels.get(0).awaitEvent(marks.get(0), "+sdown", "master",
                        Duration.ofSeconds(8));
                long degradedAcks = fleet.totalAcks() - acksBefore;
                assertThat(falseAlarm).as("no +sdown for a slow but answering master").isNull();
                for (SentinelNode s : sentinels) {
                    assertThat(s.masterPort("mymaster")).isEqualTo(proxy.port());
                }
                fleet.awaitAcksAfter(degradedAt, Duration.ofSeconds(10));
                Map<String, Long> slowRecovery = fleet.recoveryMillis(degradedAt, degradedAt);
                System.out.printf("[chaos] scenario=latency/300ms+-200+10%%loss outcome=no-failover "
                        + "writes_acked_in_8s=%d first_ack_ms=%s%n", degradedAcks, slowRecovery);

                // phase 2: blackhole → failover to a replica; clients follow
                long blackholeAt = System.nanoTime();
                proxy.blackhole(true);
                long switchAt = 0;
                for (int i = 0; i < 3; i++) {
                    PublishedEvent e = sentinels.get(i).awaitEvent(marks.get(i), "+switch-master",
                            "mymaster 127.0.0.1 " + proxy.port() + " ", Duration.ofSeconds(60));
                    assertThat(e).as("%s fails over; events %s", sentinels.get(i), sentinels.get(i).events().all())
                            .isNotNull();
                    switchAt = Math.max(switchAt, e.nanos());
                }
                fleet.awaitAcksAfter(switchAt, Duration.ofSeconds(60));
                Map<String, Long> recovery = fleet.recoveryMillis(blackholeAt, switchAt);
                int newPort = sentinels.get(0).masterPort("mymaster");
                assertThat(newPort).isIn(r1.port(), r2.port());
                // heal: the old master, reachable again through the proxy, is turned into a replica
                proxy.clear();
                await("old master demoted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> master.replicaOfPortNow() == newPort);
                Map<String, Long> lost = fleet.stopAndCountLost(newPort);
                Fleet.report("latency/blackhole-master-link", "failover", recovery, lost,
                        "failover_ms=" + (switchAt - blackholeAt) / 1_000_000);
                assertThat(recovery.values()).as(fleet.errorsText()).allMatch(ms -> ms >= 0);
            }
        } finally {
            sentinels.forEach(SentinelNode::kill);
            proxy.close();
            r2.kill();
            r1.kill();
            master.kill();
        }
    }
}
