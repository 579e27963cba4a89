package io.jsentinel.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.it.support.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What goes wrong during a coordinated switchover ({@code SENTINEL FAILOVER mymaster COORDINATED TO <ip> <port>}),
 * with Lettuce, Jedis and the plain loop writing at full speed on a master, two replicas and three jsentinels.
 * Where the outcome is specified (an ACL refusal and a replica that never catches up abort with the old primary
 * kept; a second request gets {@code -INPROG}) it is asserted; where it is not (a leader or the old primary killed
 * half way) the test asserts the safety properties: exactly one master in the end, every sentinel names it, no
 * acknowledged write lost. Each prints one {@code [chaos]} line with what happened.
 */
@Tag("chaos")
@ExtendWith(DumpLogsOnFailure.class)
class SwitchoverFaultsChaosIT {
    /** What the old docs' sentinel ACL grants: enough for monitoring and plain failover, not FAILOVER or CLIENT PAUSE. */
    private static final String SENTINEL_ACL_WITHOUT_FAILOVER = "sentinel on >sentinel-pw allchannels +multi +slaveof"
            + " +ping +exec +subscribe +config|rewrite +role +publish +info +client|setname +client|kill +script|kill";
    private static final Duration END = Duration.ofSeconds(120);
    private static final Predicate<PublishedEvent> SWITCH_OR_ABORT = e -> e.type().equals("+switch-master")
            || SwitchoverCluster.isAbort(e);

    @BeforeAll
    static void jsentinelEnabled() {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "chaos runs jsentinel; it.kinds excludes it");
    }

    private static SwitchoverCluster start(long failoverTimeoutMillis, Consumer<Topology.Builder> customize) {
        SwitchoverCluster c = SwitchoverCluster.start(failoverTimeoutMillis, customize);
        if (!c.coordinatedSupported()) {
            c.close();
            Assumptions.abort("SENTINEL FAILOVER ... COORDINATED not implemented yet");
        }
        return c;
    }

    @Test
    void primaryRefusingFailoverByAclAbortsAndNothingMoves() {
        try (SwitchoverCluster c = start(10_000, b -> b.redisArg(("--user " + SENTINEL_ACL_WITHOUT_FAILOVER).split(" "))
                .sentinelLine("sentinel auth-user mymaster sentinel")
                .sentinelLine("sentinel auth-pass mymaster sentinel-pw"));
             AckedWriterFleet fleet = new AckedWriterFleet(AckedWriters.all(c.sentinelPorts()))) {
            RedisNode master = c.topology.initialMaster();
            fleet.awaitWriting();
            List<Integer> marks = c.marks();
            long requested = System.nanoTime();
            Resp reply = c.requestUntilAccepted(0, true, c.topology.initialReplicas().get(0), Duration.ofSeconds(30));
            assertThat(reply.str()).isEqualTo("OK");
            PublishedEvent end = c.awaitAny(marks, SWITCH_OR_ABORT, Duration.ofSeconds(30));
            assertThat(end).as("an abort%s", c.eventsSince(marks, t -> true)).isNotNull()
                    .matches(SwitchoverCluster::isAbort, "is a -failover-abort-* event");
            fleet.awaitAcksAfter(end.nanos(), Duration.ofSeconds(10));
            double gap = worst(fleet.longestGaps(requested, System.nanoTime()));
            SwitchoverCluster.sleep(2000);
            assertNoSwitch(c, marks);
            c.awaitSettled(master.port(), Duration.ofSeconds(30));
            AckedWriterFleet.Outcome o = fleet.stopAndCountLost(master, c.topology.initialReplicas());
            report("acl-refuses-failover", end.type() + " " + end.message(), gap, o,
                    "abort_after_ms=" + (end.nanos() - requested) / 1_000_000);
            assertThat(o.lost()).allSatisfy((w, n) -> assertThat(n).as("lost by %s", w).isZero());
        }
    }

    @Test
    void replicaLaggingPastTheTimeoutAbortsAndWritesContinueOnTheOldPrimary() {
        long failoverTimeout = 8000;
        try (SwitchoverCluster c = start(failoverTimeout, b -> { });
             AckedWriterFleet fleet = new AckedWriterFleet(AckedWriters.all(c.sentinelPorts()))) {
            RedisNode master = c.topology.initialMaster();
            RedisNode target = c.topology.initialReplicas().get(0);
            fleet.awaitWriting();
            List<Integer> marks = c.marks();
            // stopped, it keeps its connection but acknowledges nothing more of the stream the writers extend
            target.pause();
            long requested = System.nanoTime();
            PublishedEvent end;
            try {
                Resp reply = c.request(0, true, target);
                assertThat(reply.str()).as("accepted while the sentinels still see the target healthy").isEqualTo("OK");
                end = c.awaitAny(marks, SWITCH_OR_ABORT, Duration.ofSeconds(30));
                assertThat(end).as("an abort%s", c.eventsSince(marks, t -> true)).isNotNull()
                        .matches(SwitchoverCluster::isAbort, "is a -failover-abort-* event");
                fleet.awaitAcksAfter(end.nanos(), Duration.ofSeconds(10));
            } finally {
                target.resume();
            }
            double gap = worst(fleet.longestGaps(requested, System.nanoTime()));
            assertThat(c.masters()).as("the old primary is still the master").containsExactly(master.port());
            assertNoSwitch(c, marks);
            c.awaitSettled(master.port(), Duration.ofSeconds(60));
            AckedWriterFleet.Outcome o = fleet.stopAndCountLost(master, c.topology.initialReplicas());
            report("replica-lags-past-timeout", end.type() + " " + end.message(), gap, o,
                    "failover_timeout_ms=" + failoverTimeout + " abort_after_ms=" + (end.nanos() - requested) / 1_000_000
                    + " events:" + c.eventsSince(marks, SwitchoverFaultsChaosIT::notable));
            assertThat(o.lost()).allSatisfy((w, n) -> assertThat(n).as("lost by %s", w).isZero());
            assertThat(gap).as("writes resumed on the old primary once it gave up").isLessThan(failoverTimeout + 5000);
        }
    }

    @Test
    void leaderKilledMidSwitchoverEndsWithOneMasterAndNothingLost() {
        try (SwitchoverCluster c = start(6000, b -> { });
             AckedWriterFleet fleet = new AckedWriterFleet(AckedWriters.all(c.sentinelPorts()))) {
            fleet.awaitWriting();
            List<Integer> marks = c.marks();
            long requested = System.nanoTime();
            assertThat(c.requestUntilAccepted(0, true, c.topology.initialReplicas().get(0), Duration.ofSeconds(30)).str())
                    .isEqualTo("OK");
            PublishedEvent handedOver = awaitHandover(c, marks);
            SentinelNode leader = c.sentinel(c.publisherOf(marks, handedOver));
            leader.kill();
            long killed = System.nanoTime();
            int master = c.awaitOneMasterSettled(END);
            long converged = System.nanoTime();
            leader.start();
            c.awaitSettled(master, Duration.ofSeconds(60));
            fleet.awaitAcksAfter(System.nanoTime(), Duration.ofSeconds(30));
            double gap = worst(fleet.longestGaps(requested, System.nanoTime()));
            AckedWriterFleet.Outcome o = fleet.stopAndCountLost(c.node(master), others(c, master));
            report("leader-killed-mid-switchover", "master " + master, gap, o, "killed " + leader + " converged_ms="
                    + (converged - killed) / 1_000_000 + " events:" + c.eventsSince(marks, SwitchoverFaultsChaosIT::notable));
            assertThat(o.lost()).allSatisfy((w, n) -> assertThat(n).as("lost by %s", w).isZero());
        }
    }

    @Test
    void oldPrimaryKilledMidSwitchoverEndsWithOneMasterAndNothingLost() {
        try (SwitchoverCluster c = start(6000, b -> { });
             AckedWriterFleet fleet = new AckedWriterFleet(AckedWriters.all(c.sentinelPorts()))) {
            RedisNode old = c.topology.initialMaster();
            fleet.awaitWriting();
            List<Integer> marks = c.marks();
            long requested = System.nanoTime();
            assertThat(c.requestUntilAccepted(0, true, c.topology.initialReplicas().get(0), Duration.ofSeconds(30)).str())
                    .isEqualTo("OK");
            awaitHandover(c, marks);
            old.kill();
            long killed = System.nanoTime();
            int master = c.awaitOneMasterSettled(END);
            long converged = System.nanoTime();
            fleet.awaitAcksAfter(System.nanoTime(), Duration.ofSeconds(30));
            double gap = worst(fleet.longestGaps(requested, System.nanoTime()));
            AckedWriterFleet.Outcome o = fleet.stopAndCountLost(c.node(master), others(c, master));
            report("old-primary-killed-mid-switchover", "master " + master, gap, o, "converged_ms="
                    + (converged - killed) / 1_000_000 + " events:" + c.eventsSince(marks, SwitchoverFaultsChaosIT::notable));
            assertThat(master).isNotEqualTo(old.port());
            assertThat(o.lost()).allSatisfy((w, n) -> assertThat(n).as("lost by %s", w).isZero());
        }
    }

    @Test
    void secondRequestGetsInprogAndARequestElsewhereBreaksNothing() {
        try (SwitchoverCluster c = start(10_000, b -> { });
             AckedWriterFleet fleet = new AckedWriterFleet(AckedWriters.all(c.sentinelPorts()))) {
            List<RedisNode> replicas = c.topology.initialReplicas();
            fleet.awaitWriting();
            List<Integer> marks = c.marks();
            long requested = System.nanoTime();
            assertThat(c.requestUntilAccepted(0, true, replicas.get(0), Duration.ofSeconds(30)).str()).isEqualTo("OK");
            Resp again = c.request(0, true, replicas.get(1));
            Resp plain = c.request(0, false, null);
            // another sentinel does not know about s0's switchover: what it does is up to the election and the primary
            Resp elsewhere = c.request(1, true, replicas.get(1));
            assertThat(again.toString()).contains("INPROG Failover already in progress");
            assertThat(plain.toString()).contains("INPROG Failover already in progress");
            assertThat(c.awaitAny(marks, SWITCH_OR_ABORT, Duration.ofSeconds(60))).isNotNull();
            int master = c.awaitOneMasterSettled(END);
            fleet.awaitAcksAfter(System.nanoTime(), Duration.ofSeconds(30));
            double gap = worst(fleet.longestGaps(requested, System.nanoTime()));
            AckedWriterFleet.Outcome o = fleet.stopAndCountLost(c.node(master), others(c, master));
            // the first request's switchover should win; a refused request elsewhere aborting it is reported, not failed
            String result = master == replicas.get(0).port() ? "first_request_switched"
                    : master == replicas.get(1).port() ? "second_sentinel_switched" : "nothing_switched";
            report("second-request", result + " master " + master, gap, o, "same_sentinel=" + again + " plain=" + plain
                    + " other_sentinel=" + elsewhere + " events:" + c.eventsSince(marks, SwitchoverFaultsChaosIT::notable));
            assertThat(o.lost()).allSatisfy((w, n) -> assertThat(n).as("lost by %s", w).isZero());
        }
    }

    /** The leader's {@code +failover-state-wait-promotion}: FAILOVER has just been sent to the primary. */
    private static PublishedEvent awaitHandover(SwitchoverCluster c, List<Integer> marks) {
        PublishedEvent e = c.awaitAny(marks, ev -> ev.type().equals("+failover-state-wait-promotion"),
                Duration.ofSeconds(30));
        assertThat(e).as("+failover-state-wait-promotion%s", c.eventsSince(marks, t -> true)).isNotNull();
        return e;
    }

    private static void assertNoSwitch(SwitchoverCluster c, List<Integer> marks) {
        assertThat(c.eventsSince(marks, "+switch-master"::equals)).as("no sentinel switched")
                .doesNotContain("+switch-master");
    }

    private static List<RedisNode> others(SwitchoverCluster c, int master) {
        return c.liveNodes().stream().filter(r -> r.port() != master).toList();
    }

    private static boolean notable(String type) {
        return type.startsWith("-failover-abort") || type.equals("+elected-leader") || type.equals("+switch-master")
                || type.equals("+odown") || type.equals("+promoted-slave") || type.equals("+convert-to-slave")
                || type.equals("+fix-slave-config") || type.equals("+failover-end") || type.equals("+try-failover")
                || type.endsWith("sdown");
    }

    private static double worst(Map<String, Double> gaps) {
        return gaps.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static void report(String scenario, String outcome, double worstGapMillis, AckedWriterFleet.Outcome o,
                               String detail) {
        System.out.printf(Locale.ROOT, "[chaos] scenario=switchover-fault/%s outcome=%s acked=%d lost_acked=%d lost=%s"
                        + " worst_gap_ms=%.1f replicas_identical=%s %s%n", scenario, outcome.replace(' ', '_'),
                o.totalAcked(), o.totalLost(), o.lost(), worstGapMillis, o.replicasIdentical(), detail.replace("\n", " "));
    }
}
