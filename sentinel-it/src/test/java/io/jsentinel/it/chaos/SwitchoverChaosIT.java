package io.jsentinel.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Twenty switchovers back and forth between the two replicas while Lettuce, Jedis and the plain loop write as fast
 * as they can, once with plain {@code SENTINEL FAILOVER} (Redis 7.0's: the replica is promoted while the old master
 * keeps accepting writes until it is converted) and once with {@code SENTINEL FAILOVER mymaster COORDINATED TO
 * <ip> <port>} (the master hands over under a write pause once the replica has everything). The coordinated run must
 * lose no acknowledged write; the plain run's loss is measured, not asserted. Both print one {@code [chaos]} line
 * for docs/chaos.md, and one {@code [switchover]} line per switch.
 *
 * <p>{@code -Dswitchover.count=N} changes the number of switchovers, {@code -Dswitchover.only=PLAIN|COORDINATED}
 * runs one of the two.
 */
@Tag("chaos")
@ExtendWith(DumpLogsOnFailure.class)
class SwitchoverChaosIT {
    private static final int SWITCHOVERS = Integer.getInteger("switchover.count", 20);
    private static final long FAILOVER_TIMEOUT_MILLIS = 10_000;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    /** One switchover as measured. */
    private record Step(int newPort, long switchMillis, long settleMillis, Map<String, Double> gaps, int attempts,
                        List<String> aborts) {
    }

    @BeforeAll
    static void jsentinelEnabled() {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "chaos runs jsentinel; it.kinds excludes it");
    }

    private static void assumeSelected(String mode) {
        String only = System.getProperty("switchover.only", "");
        Assumptions.assumeTrue(only.isEmpty() || only.equalsIgnoreCase(mode), "-Dswitchover.only=" + only);
    }

    @Test
    void plainFailoversBackAndForthLoseWhatTheOldMasterAcknowledgedLate() {
        assumeSelected("PLAIN");
        try (SwitchoverCluster c = SwitchoverCluster.start(FAILOVER_TIMEOUT_MILLIS, b -> { })) {
            AckedWriterFleet.Outcome o = switchBackAndForth(c, false);
            assertThat(o.totalAcked()).isPositive();
            assertThat(o.replicasIdentical()).as("every node holds the same bitmaps in the end").isTrue();
        }
    }

    @Test
    void coordinatedSwitchoversBackAndForthLoseNoAcknowledgedWrite() {
        assumeSelected("COORDINATED");
        try (SwitchoverCluster c = SwitchoverCluster.start(FAILOVER_TIMEOUT_MILLIS, b -> { })) {
            Assumptions.assumeTrue(c.coordinatedSupported(), "SENTINEL FAILOVER ... COORDINATED not implemented yet");
            AckedWriterFleet.Outcome o = switchBackAndForth(c, true);
            assertThat(o.totalAcked()).isPositive();
            assertThat(o.lost()).as("acknowledged writes lost per writer").allSatisfy((w, n) -> assertThat(n).isZero());
            assertThat(o.replicasIdentical()).as("every node holds the same bitmaps in the end").isTrue();
        }
    }

    /**
     * Switches {@link #SWITCHOVERS} times. The initial master gets replica-priority 0, so that after the first switch
     * plain failovers too can only pick the other of the two replicas; the coordinated requests name it.
     */
    private static AckedWriterFleet.Outcome switchBackAndForth(SwitchoverCluster c, boolean coordinated) {
        String mode = coordinated ? "coordinated" : "plain";
        RedisNode initial = c.topology.initialMaster();
        assertThat(initial.call("CONFIG", "SET", "replica-priority", "0").str()).isEqualTo("OK");
        List<RedisNode> targets = c.topology.initialReplicas();
        List<Step> steps = new ArrayList<>();
        long started = System.nanoTime();
        try (AckedWriterFleet fleet = new AckedWriterFleet(AckedWriters.all(c.sentinelPorts()))) {
            fleet.awaitWriting();
            int master = initial.port();
            for (int i = 0; i < SWITCHOVERS; i++) {
                RedisNode target = coordinated ? targets.get(i % 2) : null;
                Step s = switchOnce(c, fleet, i % 3, coordinated, target, master);
                steps.add(s);
                System.out.printf("[switchover] mode=%s n=%d via=s%d %d->%d switch_ms=%d settle_ms=%d gap_ms=%s"
                        + " attempts=%d%s%n", mode, i + 1, i % 3, master, s.newPort(), s.switchMillis(),
                        s.settleMillis(), round(s.gaps()), s.attempts(), s.aborts().isEmpty() ? "" : " aborts=" + s.aborts());
                master = s.newPort();
            }
            RedisNode last = c.node(master);
            List<RedisNode> replicas = c.liveNodes().stream().filter(r -> r != last).toList();
            String errors = fleet.errorsText();
            AckedWriterFleet.Outcome o = fleet.stopAndCountLost(last, replicas);
            report(mode, steps, o, errors, (System.nanoTime() - started) / 1_000_000_000);
            return o;
        }
    }

    /**
     * One switchover away from {@code master}: the request (again after an abort, at most three times), the
     * {@code +switch-master} of every sentinel, then the settled topology and a write from every writer after it.
     * The gap is measured from the accepted request to that write.
     */
    private static Step switchOnce(SwitchoverCluster c, AckedWriterFleet fleet, int via, boolean coordinated,
                                   RedisNode target, int master) {
        List<String> aborts = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            List<Integer> marks = c.marks();
            long requested = System.nanoTime();
            Resp reply = c.requestUntilAccepted(via, coordinated, target, Duration.ofSeconds(30));
            assertThat(reply.isError()).as("request to s%d: %s", via, reply).isFalse();
            PublishedEvent end = c.awaitAny(marks, e -> e.type().equals("+switch-master") || SwitchoverCluster.isAbort(e),
                    STEP_TIMEOUT);
            assertThat(end).as("neither +switch-master nor an abort within %s:%s", STEP_TIMEOUT,
                    c.eventsSince(marks, t -> true)).isNotNull();
            if (SwitchoverCluster.isAbort(end)) {
                aborts.add(end.type() + " " + end.message());
                assertThat(attempt).as("aborted three times: %s", aborts).isLessThan(3);
                c.awaitSettled(master, STEP_TIMEOUT);
                continue;
            }
            long[] lastSwitch = new long[1];
            int newPort = c.awaitSwitch(marks, master, STEP_TIMEOUT, lastSwitch);
            if (target != null) {
                assertThat(newPort).as("the requested target was promoted").isEqualTo(target.port());
            }
            c.awaitSettled(newPort, STEP_TIMEOUT);
            long settled = System.nanoTime();
            fleet.awaitAcksAfter(settled, Duration.ofSeconds(30));
            Map<String, Double> gaps = fleet.longestGaps(requested, System.nanoTime());
            return new Step(newPort, (lastSwitch[0] - requested) / 1_000_000, (settled - lastSwitch[0]) / 1_000_000,
                    gaps, attempt, aborts);
        }
    }

    private static void report(String mode, List<Step> steps, AckedWriterFleet.Outcome o, String errors, long seconds) {
        Map<String, String> gapByWriter = new LinkedHashMap<>();
        for (String w : o.acked().keySet()) {
            gapByWriter.put(w, AckedWriterFleet.medianMax(steps.stream().map(s -> s.gaps().get(w)).toList()));
        }
        List<Double> worst = steps.stream().map(s -> s.gaps().values().stream().mapToDouble(d -> d).max().orElse(0))
                .toList();
        List<Double> switchMs = steps.stream().map(s -> (double) s.switchMillis()).toList();
        long aborted = steps.stream().mapToLong(s -> s.aborts().size()).sum();
        System.out.printf("[chaos] scenario=switchover/%s switchovers=%d acked=%d lost_acked=%d lost=%s acked_by=%s"
                        + " gap_ms_median_max=%s worst_gap_ms_median_max=%s switch_ms_median_max=%s aborted_attempts=%d"
                        + " replicas_identical=%s seconds=%d errors=[%s]%n", mode, steps.size(), o.totalAcked(),
                o.totalLost(), o.lost(), o.acked(), gapByWriter, AckedWriterFleet.medianMax(worst),
                AckedWriterFleet.medianMax(switchMs), aborted, o.replicasIdentical(), seconds, errors);
    }

    private static Map<String, String> round(Map<String, Double> gaps) {
        return gaps.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> String.format(java.util.Locale.ROOT, "%.1f", e.getValue()), (a, b) -> a, LinkedHashMap::new));
    }
}
