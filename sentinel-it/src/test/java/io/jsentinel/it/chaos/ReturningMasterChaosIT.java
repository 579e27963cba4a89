package io.jsentinel.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.it.support.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An old master that comes back as a master right after a failover, with a client still pinned to its address:
 * how long it keeps acknowledging writes that the group then throws away. Each round SIGKILLs the current master,
 * waits until all three sentinels name the same new master, restarts the old one at once without
 * {@code replicaof} (a reboot whose config says nothing about replication), and watches it every 10 ms until it
 * reports {@code role:slave}. A {@link DirectWriter} writes to the old address all along; every key it got
 * {@code +OK} for from the restarted process is looked up on the final master afterwards.
 *
 * <p>Runs once per {@link SentinelKind} (three sentinels of that kind, quorum 2, down-after 1000 ms), so the
 * two implementations can be compared; {@code -Dchaos.returningRounds=N} (default 3) sets the rounds. Timings
 * are reported, not asserted. Asserted: the old master becomes a replica of the group's master in every round,
 * the writer was acknowledged, and jsentinel fails over exactly once per round (redis-sentinel 7.0 sometimes
 * fails over a second time with down-after 1000, see {@code FailoverIT}; that is only reported).
 */
@Tag("chaos")
@ExtendWith(DumpLogsOnFailure.class)
class ReturningMasterChaosIT {
    private static final String PASSWORD = "pw";
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final long AGREEMENT_POLL_MILLIS = 20;

    /** The figures of one round; times in ms, ports of the nodes involved. */
    record Round(int n, int oldMaster, int newMaster, int finalMaster, long killToAgreedMs, long killToRestartMs,
            long restartToPongMs, long conversionMs, int convertedTo, Long convertEventAfterPongMs,
            long slaveToLinkUpMs, int acksBeforeKill, int lostBeforeKill, int acksAfterRestart,
            int lostAfterRestart, Long firstAckAfterPongMs, Long lastAckAfterPongMs, long epochBefore,
            long epochAfter, int switches) {

        /** Completed failovers beyond the one the kill asked for. */
        int extraFailovers() {
            return Math.max(0, switches - 1);
        }

        String line(String kind) {
            return "[chaos] returning kind=" + kind + " round=" + n + " old_master=" + oldMaster + " new_master="
                    + newMaster + " final_master=" + finalMaster + " kill_to_agreed_ms=" + killToAgreedMs
                    + " kill_to_restart_ms=" + killToRestartMs + " restart_to_pong_ms=" + restartToPongMs
                    + " conversion_ms=" + conversionMs + " converted_to=" + convertedTo
                    + " convert_event_after_pong_ms=" + convertEventAfterPongMs + " slave_to_link_up_ms="
                    + slaveToLinkUpMs + " acks_before_kill=" + acksBeforeKill + " lost_before_kill="
                    + lostBeforeKill + " acks_after_restart=" + acksAfterRestart + " lost_after_restart="
                    + lostAfterRestart + " first_ack_after_pong_ms=" + firstAckAfterPongMs
                    + " last_ack_after_pong_ms=" + lastAckAfterPongMs + " config_epoch=" + epochBefore + "->"
                    + epochAfter + " epoch_rise=" + (epochAfter - epochBefore) + " switches=" + switches
                    + " extra_failovers=" + extraFailovers();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SentinelKind.class)
    void anOldMasterBackAsMasterIsConvertedAndWhatItAcknowledgedMeanwhileIsLost(SentinelKind kind) {
        Assumptions.assumeTrue(SentinelKind.isEnabled(kind), "it.kinds excludes " + kind);
        int rounds = Integer.getInteger("chaos.returningRounds", 3);
        String name = kind == SentinelKind.REAL ? "redis-sentinel" : "jsentinel";
        List<Round> done = new ArrayList<>();
        try (Topology t = Topology.builder().replicas(2).password(PASSWORD).quorum(2).downAfter(1000)
                .failoverTimeout(6000).sentinels(kind, kind, kind).start()) {
            await("discovery").atMost(LIMIT).pollInterval(Duration.ofMillis(200)).until(t::discovered);
            try {
                for (int n = 1; n <= rounds; n++) {
                    Round r = round(t, n);
                    done.add(r);
                    System.out.println(r.line(name));
                    assertThat(r.acksBeforeKill()).as("round %d: the writer was acknowledged", n).isPositive();
                }
            } finally {
                System.out.println(summary(name, done, rounds));
            }
        }
        if (kind == SentinelKind.JSENTINEL) {
            assertThat(done).as("jsentinel fails over once per round").allMatch(r -> r.extraFailovers() == 0);
        }
    }

    private static Round round(Topology t, int n) {
        int oldPort = awaitSettled(t, "before round " + n);
        RedisNode oldMaster = t.redisAt(oldPort);
        long epochBefore = configEpoch(t);
        List<Integer> marks = t.sentinels().stream().map(s -> s.events().mark()).toList();
        DirectWriter writer = new DirectWriter(oldPort, PASSWORD, "returning:" + n + ":").start();
        try {
            await("writes acknowledged by " + oldMaster).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20)).until(() -> writer.ackCount() >= 50);
            long killAt = System.nanoTime();
            oldMaster.kill();
            long killedAt = System.nanoTime();
            int newPort = awaitAgreedNewMaster(t, oldPort);
            long agreedAt = System.nanoTime();

            oldMaster.replicaOfOnRestart(null);
            OldMasterWatch watch = new OldMasterWatch(oldPort, PASSWORD).start();
            long restartAt = System.nanoTime();
            oldMaster.restart();
            if (!watch.awaitLinkUp(LIMIT)) {
                fail("round %d: %s not a replica with its link up %s after the restart; last seen: %s; writer: %s",
                        n, oldMaster, LIMIT, watch.last, writer.lastError());
            }
            int finalPort = awaitSettled(t, "after round " + n);
            assertThat(oldMaster.replicaOfPortNow()).as("round %d: the old master replicates from the master", n)
                    .isEqualTo(finalPort);
            writer.close();

            List<DirectWriter.Ack> acks = writer.acks();
            // a connection opened after the old process died can only have reached the restarted one
            List<DirectWriter.Ack> before = acks.stream().filter(a -> a.connectedNanos() < killedAt).toList();
            List<DirectWriter.Ack> after = acks.stream().filter(a -> a.connectedNanos() >= killedAt).toList();
            long pong = watch.firstPongNanos;
            PublishedEvent convert = firstEvent(t, marks, "+convert-to-slave", "127.0.0.1:" + oldPort + " ");
            return new Round(n, oldPort, newPort, finalPort, millis(agreedAt - killAt), millis(restartAt - killAt),
                    millis(pong - restartAt), millis(watch.slaveNanos - pong), watch.slaveOf,
                    convert == null ? null : millis(convert.nanos() - pong), millis(watch.linkUpNanos
                            - watch.slaveNanos), before.size(), missingOn(t.redisAt(finalPort), before), after.size(),
                    missingOn(t.redisAt(finalPort), after),
                    after.isEmpty() ? null : millis(after.get(0).ackNanos() - pong),
                    after.isEmpty() ? null : millis(after.get(after.size() - 1).ackNanos() - pong), epochBefore,
                    configEpoch(t), switches(t, marks));
        } finally {
            writer.close();
        }
    }

    /** Polls every sentinel until all three name the same master other than {@code oldPort}. */
    private static int awaitAgreedNewMaster(Topology t, int oldPort) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        List<Integer> answers = List.of();
        while (System.nanoTime() < deadline) {
            answers = t.sentinels().stream().map(ReturningMasterChaosIT::masterPortOrMinusOne).toList();
            int first = answers.get(0);
            if (first > 0 && first != oldPort && answers.stream().allMatch(p -> p == first)) {
                return first;
            }
            sleep(AGREEMENT_POLL_MILLIS);
        }
        return fail("the sentinels did not agree on a new master in %s; last answers %s", LIMIT, answers);
    }

    private static int masterPortOrMinusOne(SentinelNode s) {
        try {
            return s.masterPort(Topology.MASTER_NAME);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Waits until the group is quiet: all sentinels name one master and see it and both replicas healthy, and
     * both other nodes replicate from it with the link up. Returns the master's port.
     */
    private static int awaitSettled(Topology t, String when) {
        AtomicReference<String> why = new AtomicReference<>("not checked yet");
        AtomicReference<Integer> master = new AtomicReference<>();
        try {
            await("settled " + when).atMost(LIMIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                String reason = unsettledBecause(t, master);
                why.set(reason);
                return reason == null;
            });
        } catch (ConditionTimeoutException e) {
            fail("not settled %s within %s: %s", when, LIMIT, why.get());
        }
        return master.get();
    }

    /** Null when settled (the master's port then in {@code master}), else what is still wrong. */
    private static String unsettledBecause(Topology t, AtomicReference<Integer> master) {
        try {
            Set<Integer> named = t.sentinels().stream().map(s -> s.masterPort(Topology.MASTER_NAME))
                    .collect(Collectors.toSet());
            if (named.size() != 1) {
                return "sentinels name " + named;
            }
            int port = named.iterator().next();
            for (SentinelNode s : t.sentinels()) {
                String flags = s.master(Topology.MASTER_NAME).fieldStr("flags");
                if (!"master".equals(flags)) {
                    return s + " master flags " + flags;
                }
                Resp replicas = s.replicas(Topology.MASTER_NAME);
                List<String> replicaFlags = replicas.list().stream().map(r -> r.fieldStr("flags")).toList();
                if (replicaFlags.size() != t.redisNodes().size() - 1
                        || !replicaFlags.stream().allMatch("slave"::equals)) {
                    return s + " replica flags " + replicaFlags;
                }
            }
            for (RedisNode node : t.redisNodes()) {
                if (node.port() == port) {
                    if (!"master".equals(node.role())) {
                        return node + " is named master but reports " + node.role();
                    }
                    continue;
                }
                String info = node.call("INFO", "replication").str();
                if (!info.contains("role:slave") || !info.contains("master_port:" + port + "\r\n")
                        || !info.contains("master_link_status:up")) {
                    return node + " not a synced replica of " + port + ": " + info.replace("\r\n", " ");
                }
            }
            master.set(port);
            return null;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    /** The highest {@code config-epoch} any sentinel reports for the master. */
    private static long configEpoch(Topology t) {
        return t.sentinels().stream()
                .mapToLong(s -> Long.parseLong(s.master(Topology.MASTER_NAME).fieldStr("config-epoch"))).max()
                .orElseThrow();
    }

    /**
     * Completed failovers since {@code marks}: distinct {@code +switch-master} transitions announced by any
     * sentinel. Counted from the events rather than from the config epoch, because a split vote raises the
     * epoch of the one failover that follows it by two.
     */
    private static int switches(Topology t, List<Integer> marks) {
        Set<String> transitions = new HashSet<>();
        for (int i = 0; i < t.sentinels().size(); i++) {
            List<PublishedEvent> all = t.sentinel(i).events().all();
            all.subList(marks.get(i), all.size()).stream().filter(e -> e.type().equals("+switch-master"))
                    .forEach(e -> transitions.add(e.message()));
        }
        return transitions.size();
    }

    /** The earliest event of {@code type} containing {@code text} any sentinel published since {@code marks}. */
    private static PublishedEvent firstEvent(Topology t, List<Integer> marks, String type, String text) {
        PublishedEvent first = null;
        for (int i = 0; i < t.sentinels().size(); i++) {
            PublishedEvent e = t.sentinel(i).awaitEvent(marks.get(i), type, text, Duration.ZERO);
            if (e != null && (first == null || e.nanos() < first.nanos())) {
                first = e;
            }
        }
        return first;
    }

    /** How many of the acknowledged keys {@code node} does not have; one pipelined {@code EXISTS} per key. */
    private static int missingOn(RedisNode node, List<DirectWriter.Ack> acks) {
        int missing = 0;
        try (RawResp c = node.connect()) {
            for (int from = 0; from < acks.size(); from += 500) {
                List<DirectWriter.Ack> batch = acks.subList(from, Math.min(acks.size(), from + 500));
                batch.forEach(a -> c.send("EXISTS", a.key()));
                for (DirectWriter.Ack a : batch) {
                    Resp r = c.read();
                    if (r.isError()) {
                        throw new IllegalStateException("EXISTS " + a.key() + " on " + node + ": " + r);
                    }
                    if ("0".equals(r.text())) {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }

    private static String summary(String kind, List<Round> rounds, int planned) {
        List<Long> conversions = rounds.stream().map(Round::conversionMs).sorted().toList();
        String conversion = conversions.isEmpty() ? "none"
                : median(conversions) + " min=" + conversions.get(0) + " max=" + conversions.get(conversions.size() - 1);
        return "[chaos] returning kind=" + kind + " summary rounds=" + rounds.size() + "/" + planned
                + " conversion_ms_median=" + conversion
                + " kill_to_agreed_ms_median=" + median(rounds.stream().map(Round::killToAgreedMs).sorted().toList())
                + " acks_after_restart=" + rounds.stream().mapToInt(Round::acksAfterRestart).sum()
                + " lost_after_restart=" + rounds.stream().mapToInt(Round::lostAfterRestart).sum()
                + " lost_before_kill=" + rounds.stream().mapToInt(Round::lostBeforeKill).sum()
                + " extra_failovers=" + rounds.stream().mapToInt(Round::extraFailovers).sum()
                + " rounds_with_epoch_rise_above_1="
                + rounds.stream().filter(r -> r.epochAfter() - r.epochBefore() > 1).count();
    }

    private static long median(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
