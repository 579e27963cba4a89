package io.jsentinel.it.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.events.Address;
import io.jsentinel.MasterSpec;
import io.jsentinel.RunningSentinel;
import io.jsentinel.Sentinel;
import io.jsentinel.SentinelException;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.it.support.RedisNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An application embedding jsentinel (sentinels in this JVM) monitors a real master and replica, and
 * receives {@code +switch-master} as a typed {@link SentinelEvent.SwitchMaster} after a failover.
 */
@Tag("it")
class EmbeddedSentinelIT {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    @Test
    void manualFailoverIsReportedAsTypedEventsAndMetrics() throws Exception {
        RedisNode master = keep(RedisNode.builder().name("master").start());
        RedisNode replica = keep(RedisNode.builder().name("replica").replicaOf(master).start());
        List<SentinelEvent> events = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RunningSentinel sentinel = keep(Sentinel.builder().port(0).bind("127.0.0.1")
                .monitor(MasterSpec.of("mymaster", "127.0.0.1", master.port(), 1)
                        .withFailoverTimeout(Duration.ofSeconds(10)))
                .listener(events::add).meterRegistry(registry).start());

        Address replicaAddr = new Address("127.0.0.1", replica.port());
        await("replica discovered").atMost(Duration.ofSeconds(15)).until(() ->
                sentinel.replicas("mymaster").stream().anyMatch(r -> r.address().equals(replicaAddr) && r.masterLinkUp()));
        assertThat(events).anyMatch(e -> e instanceof SentinelEvent.ReplicaAdded ra
                && ra.instance().address().equals(replicaAddr));

        // INFO may not yet show the replica as a good candidate: retry NOGOODSLAVE for a moment
        long epoch = await("failover started").atMost(Duration.ofSeconds(15)).until(() -> {
            try {
                return Optional.of(sentinel.failover("mymaster").epoch());
            } catch (SentinelException e) {
                assertThat(e.code()).isEqualTo("NOGOODSLAVE");
                return Optional.<Long>empty();
            }
        }, Optional::isPresent).orElseThrow();
        assertThat(epoch).isPositive();

        SentinelEvent.SwitchMaster sw = await("+switch-master").atMost(Duration.ofSeconds(20)).until(
                () -> events.stream().filter(e -> e instanceof SentinelEvent.SwitchMaster)
                        .map(e -> (SentinelEvent.SwitchMaster) e).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(sw.master()).isEqualTo("mymaster");
        assertThat(sw.oldAddress()).isEqualTo(new Address("127.0.0.1", master.port()));
        assertThat(sw.newAddress()).isEqualTo(replicaAddr);
        assertThat(sentinel.masterAddress("mymaster")).contains(replicaAddr);
        assertThat(events).anyMatch(e -> e instanceof SentinelEvent.TryFailover)
                .anyMatch(e -> e instanceof SentinelEvent.PromotedSlave)
                .anyMatch(e -> e instanceof SentinelEvent.FailoverEnd);

        await("metrics").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(registry.get("jsentinel.failovers.started").tag("master", "mymaster").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("jsentinel.failovers.succeeded").tag("master", "mymaster").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("jsentinel.master.switches").tag("master", "mymaster").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("jsentinel.failover.duration").tag("master", "mymaster").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get("jsentinel.master.config.epoch").tag("master", "mymaster").gauge().value())
                    .isEqualTo(epoch);
        });
    }

    @Test
    void threeEmbeddedSentinelsFailOverAKilledMaster() throws Exception {
        RedisNode master = keep(RedisNode.builder().name("master").start());
        RedisNode replica = keep(RedisNode.builder().name("replica").replicaOf(master).start());
        MasterSpec spec = MasterSpec.of("mymaster", "127.0.0.1", master.port(), 2)
                .withDownAfter(Duration.ofMillis(1000)).withFailoverTimeout(Duration.ofSeconds(10));
        List<List<SentinelEvent>> events = new ArrayList<>();
        List<RunningSentinel> sentinels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<SentinelEvent> mine = new CopyOnWriteArrayList<>();
            events.add(mine);
            sentinels.add(keep(Sentinel.builder().port(0).bind("127.0.0.1").monitor(spec).listener(mine::add).start()));
        }
        await("discovery").atMost(Duration.ofSeconds(20)).until(() -> sentinels.stream().allMatch(s ->
                s.peers("mymaster").size() == 2 && s.replicas("mymaster").size() == 1
                        && s.master("mymaster").orElseThrow().quorumReachable()));

        master.kill();

        Address replicaAddr = new Address("127.0.0.1", replica.port());
        for (int i = 0; i < 3; i++) {
            List<SentinelEvent> mine = events.get(i);
            SentinelEvent.SwitchMaster sw = await("+switch-master on sentinel " + i).atMost(Duration.ofSeconds(30))
                    .until(() -> mine.stream().filter(e -> e instanceof SentinelEvent.SwitchMaster)
                            .map(e -> (SentinelEvent.SwitchMaster) e).findFirst(), Optional::isPresent).orElseThrow();
            assertThat(sw.newAddress()).isEqualTo(replicaAddr);
        }
        // an observer may learn the switch from the leader's hello before its own down-after expires
        assertThat(events).anyMatch(l -> l.stream().anyMatch(e -> e instanceof SentinelEvent.SubjectivelyDown sd
                && sd.instance().address().port() == master.port()));
        assertThat(events.stream().filter(l -> l.stream().anyMatch(e -> e instanceof SentinelEvent.FailoverEnd)))
                .as("exactly one leader").hasSize(1);
        for (RunningSentinel s : sentinels) {
            assertThat(s.masterAddress("mymaster")).contains(replicaAddr);
        }
    }
}
