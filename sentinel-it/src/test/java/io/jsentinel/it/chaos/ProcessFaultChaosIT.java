package io.jsentinel.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.ManagedProcess;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.it.support.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIGKILL and SIGSTOP of the master, a replica, a sentinel, and the leading sentinel in the middle of a
 * failover, with three jsentinels (quorum 2), a master and two replicas, while the plain loop, Lettuce
 * MasterReplica, JedisSentinelPool and redis-cli all write. Every client must write again after the
 * fault; faults that need no failover must not cause one or lose anything.
 */
@Tag("chaos")
@ExtendWith(DumpLogsOnFailure.class)
class ProcessFaultChaosIT {
    private static final Duration FAILOVER = Duration.ofSeconds(60);

    enum Fault {
        MASTER_SIGKILL, MASTER_SIGSTOP, REPLICA_SIGKILL, REPLICA_SIGSTOP, SENTINEL_SIGKILL_THEN_MASTER_SIGKILL,
        SENTINEL_SIGSTOP_THEN_MASTER_SIGKILL, LEADER_SIGKILL_MID_FAILOVER, LEADER_SIGSTOP_MID_FAILOVER,
        LEADER_CRASH_AFTER_ELECTION
    }

    @BeforeAll
    static void jsentinelEnabled() {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "chaos runs jsentinel; it.kinds excludes it");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void clientsKeepWritingAcrossTheFault(Fault fault) {
        String only = System.getProperty("chaos.only", "");
        Assumptions.assumeTrue(only.isEmpty() || List.of(only.split(",")).contains(fault.name()),
                "-Dchaos.only=" + only);
        try (Topology t = Topology.builder().replicas(2).quorum(2).downAfter(1000).failoverTimeout(6000)
                .sentinels(SentinelKind.JSENTINEL, SentinelKind.JSENTINEL, SentinelKind.JSENTINEL).start()) {
            await("discovery").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(t::discovered);
            List<Integer> ports = t.sentinels().stream().map(SentinelNode::port).toList();
            RedisNode oldMaster = t.initialMaster();
            List<Integer> marks = t.sentinels().stream().map(s -> s.events().mark()).toList();
            try (Fleet fleet = new Fleet(Clients.all(ports))) {
                fleet.awaitWriting();
                long faultAt = System.nanoTime();
                boolean failover = inject(fault, t, marks);
                long switchAt = faultAt;
                String extra = "";
                if (failover) {
                    switchAt = awaitSwitch(t, oldMaster.port(), marks, fault);
                    extra = "failover_ms=" + (switchAt - faultAt) / 1_000_000;
                } else {
                    // a minority fault: give the sentinels more than down-after to (wrongly) react
                    SentinelNode s = t.sentinels().stream().filter(ManagedProcess::isAlive).findFirst().orElseThrow();
                    s.awaitEvent(marks.get(t.sentinels().indexOf(s)), "+sdown", "slave", Duration.ofSeconds(5));
                }
                fleet.awaitAcksAfter(switchAt, FAILOVER);
                // a few more rounds on the new master before counting
                long settled = System.nanoTime();
                fleet.awaitAcksAfter(settled + 300_000_000L, Duration.ofSeconds(20));
                Map<String, Long> recovery = fleet.recoveryMillis(faultAt, switchAt);
                int masterPort = liveSentinel(t).masterPort(Topology.MASTER_NAME);
                heal(fault, t);
                if (fault == Fault.MASTER_SIGSTOP) {
                    // the resumed old master must rejoin as a replica of the new one
                    await("old master demoted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .until(() -> oldMaster.replicaOfPortNow() == masterPort);
                }
                Map<String, Long> lost = fleet.stopAndCountLost(masterPort);
                Fleet.report("process/" + fault, failover ? "failover" : "no-failover", recovery, lost, extra);
                assertThat(recovery.values()).as("every client wrote again; %s", fleet.errorsText())
                        .allMatch(ms -> ms >= 0);
                if (failover) {
                    assertThat(masterPort).isNotEqualTo(oldMaster.port());
                    assertThat(t.redisAt(masterPort).role()).isEqualTo("master");
                } else {
                    assertThat(masterPort).as("no failover for a minority fault").isEqualTo(oldMaster.port());
                    assertThat(lost.values()).as("nothing lost without a failover").allMatch(n -> n == 0);
                    for (int i = 0; i < t.sentinels().size(); i++) {
                        assertThat(t.sentinel(i).events().all().subList(marks.get(i), t.sentinel(i).events().mark()))
                                .noneMatch(e -> e.type().equals("+switch-master"));
                    }
                }
            }
        }
    }

    /** Injects the fault; returns whether a failover is expected. */
    private static boolean inject(Fault fault, Topology t, List<Integer> marks) {
        RedisNode master = t.initialMaster();
        switch (fault) {
            case MASTER_SIGKILL -> master.kill();
            case MASTER_SIGSTOP -> master.pause();
            case REPLICA_SIGKILL -> t.initialReplicas().get(0).kill();
            case REPLICA_SIGSTOP -> t.initialReplicas().get(0).pause();
            case SENTINEL_SIGKILL_THEN_MASTER_SIGKILL -> {
                t.sentinel(2).kill();
                master.kill();
            }
            case SENTINEL_SIGSTOP_THEN_MASTER_SIGKILL -> {
                t.sentinel(2).pause();
                paused.add(t.sentinel(2));
                master.kill();
            }
            case LEADER_SIGKILL_MID_FAILOVER, LEADER_SIGSTOP_MID_FAILOVER -> {
                master.kill();
                SentinelNode leader = awaitLeader(t, marks);
                if (fault == Fault.LEADER_SIGKILL_MID_FAILOVER) {
                    leader.kill();
                } else {
                    leader.pause();
                    paused.add(leader);
                }
                System.out.printf("[chaos] %s: leader %s hit at its +elected-leader%n", fault, leader);
            }
            case LEADER_CRASH_AFTER_ELECTION -> {
                t.sentinels().forEach(s -> assertThat(s.sentinel("SIMULATE-FAILURE", "crash-after-election").str())
                        .isEqualTo("OK"));
                master.kill();
                AtomicReference<SentinelNode> crashed = new AtomicReference<>();
                await("the elected leader exits").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                        .until(() -> {
                            t.sentinels().stream().filter(s -> !s.isAlive()).findFirst().ifPresent(crashed::set);
                            return crashed.get() != null;
                        });
                // the next leader must finish the job, so clear the flag on the survivors ("help" resets it)
                t.sentinels().stream().filter(ManagedProcess::isAlive)
                        .forEach(s -> s.sentinel("SIMULATE-FAILURE", "help"));
                assertThat(crashed.get().awaitExit(Duration.ofSeconds(5))).as("exit status of the crashed leader")
                        .isEqualTo(99);
            }
            default -> throw new IllegalArgumentException(fault.toString());
        }
        return fault != Fault.REPLICA_SIGKILL && fault != Fault.REPLICA_SIGSTOP;
    }

    private static SentinelNode awaitLeader(Topology t, List<Integer> marks) {
        AtomicReference<SentinelNode> leader = new AtomicReference<>();
        await("+elected-leader").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
            for (int i = 0; i < t.sentinels().size(); i++) {
                SentinelNode s = t.sentinel(i);
                if (s.events().await(marks.get(i), e -> e.type().equals("+elected-leader"), Duration.ZERO) != null) {
                    leader.set(s);
                    return true;
                }
            }
            return false;
        });
        return leader.get();
    }

    /** Waits until every live sentinel announced the switch; returns when the last one did. */
    private static long awaitSwitch(Topology t, int oldPort, List<Integer> marks, Fault fault) {
        long last = 0;
        for (int i = 0; i < t.sentinels().size(); i++) {
            SentinelNode s = t.sentinel(i);
            if (!s.isAlive() || isPaused(fault, t, s)) {
                continue;
            }
            PublishedEvent e = s.awaitEvent(marks.get(i), "+switch-master", "mymaster 127.0.0.1 " + oldPort + " ",
                    FAILOVER);
            assertThat(e).as("%s announces +switch-master; events %s", s, s.events().all()).isNotNull();
            last = Math.max(last, e.nanos());
        }
        return last;
    }

    private static boolean isPaused(Fault fault, Topology t, SentinelNode s) {
        return paused.contains(s);
    }

    private static final java.util.Set<SentinelNode> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void heal(Fault fault, Topology t) {
        switch (fault) {
            case MASTER_SIGSTOP -> t.initialMaster().resume();
            case REPLICA_SIGSTOP -> t.initialReplicas().get(0).resume();
            case SENTINEL_SIGSTOP_THEN_MASTER_SIGKILL, LEADER_SIGSTOP_MID_FAILOVER -> paused.forEach(ManagedProcess::resume);
            default -> {
            }
        }
        paused.clear();
    }

    private static SentinelNode liveSentinel(Topology t) {
        return t.sentinels().stream().filter(ManagedProcess::isAlive).filter(s -> !paused.contains(s)).findFirst()
                .orElseThrow();
    }
}
