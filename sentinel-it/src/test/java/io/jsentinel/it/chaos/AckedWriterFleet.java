package io.jsentinel.it.chaos;

import io.jsentinel.it.support.RedisNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@link AckedWriter}s of one test, and what is measured over all of them. */
final class AckedWriterFleet implements AutoCloseable {
    /** What the final read-back found. */
    record Outcome(Map<String, Long> acked, Map<String, Long> lost, boolean replicasIdentical) {
        long totalAcked() {
            return acked.values().stream().mapToLong(Long::longValue).sum();
        }

        long totalLost() {
            return lost.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final List<AckedWriter> writers;

    AckedWriterFleet(List<AckedWriter> writers) {
        this.writers = List.copyOf(writers);
    }

    List<AckedWriter> writers() {
        return writers;
    }

    /** Waits until every writer had a write acknowledged after this call. */
    void awaitWriting() {
        awaitAcksAfter(System.nanoTime(), Duration.ofSeconds(30));
    }

    /** Waits until every writer had a write acknowledged at or after {@code nanos}; fails with the errors otherwise. */
    void awaitAcksAfter(long nanos, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (AckedWriter w : writers) {
            try {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (!w.awaitAckAfter(nanos, left)) {
                    throw new AssertionError(w + " wrote nothing acknowledged within " + timeout + ": " + errorsText());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Per writer, the longest stretch without an acknowledged write overlapping the interval, in ms. */
    Map<String, Double> longestGaps(long fromNanos, long toNanos) {
        Map<String, Double> m = new LinkedHashMap<>();
        writers.forEach(w -> m.put(w.name, w.longestGapMillis(fromNanos, toNanos)));
        return m;
    }

    /**
     * Stops the writers, waits until the replicas of {@code master} have its whole replication stream, then counts
     * per writer the acknowledged writes whose bit the master does not have, and compares the bitmaps on every node.
     */
    Outcome stopAndCountLost(RedisNode master, List<RedisNode> replicas) {
        writers.forEach(AckedWriter::close);
        awaitReplicasCaughtUp(master, replicas);
        Map<String, Long> acked = new LinkedHashMap<>();
        Map<String, Long> lost = new LinkedHashMap<>();
        boolean identical = true;
        for (AckedWriter w : writers) {
            byte[] bitmap = bitmap(master, w.key);
            acked.put(w.name, w.ackedCount());
            lost.put(w.name, w.lostAmong(bitmap));
            for (RedisNode r : replicas) {
                identical &= Arrays.equals(bitmap, bitmap(r, w.key));
            }
        }
        return new Outcome(acked, lost, identical);
    }

    private static byte[] bitmap(RedisNode node, String key) {
        try (redis.clients.jedis.Jedis j = node.jedis()) {
            return j.get(key.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A write of our own followed by {@code WAIT}: once every replica acknowledged it, each has the whole stream up
     * to it, the writers' last writes included. (Comparing offsets instead never settles: the sentinels' hello
     * PUBLISHes keep moving the master's offset.)
     */
    private static void awaitReplicasCaughtUp(RedisNode master, List<RedisNode> replicas) {
        try (redis.clients.jedis.Jedis j = master.jedis()) {
            j.set("switch:fence", Long.toString(System.nanoTime()));
            long acked = j.waitReplicas(replicas.size(), 30_000);
            if (acked < replicas.size()) {
                throw new AssertionError(acked + " of " + replicas.size() + " replicas caught up with " + master
                        + ": " + master.call("ROLE"));
            }
        }
    }

    String errorsText() {
        return writers.stream().map(w -> w.name + ": " + w.ackedCount() + " acked of " + w.attempts() + ", errors "
                + w.errors() + ", last " + w.lastError()).collect(Collectors.joining("; "));
    }

    @Override
    public void close() {
        writers.forEach(AckedWriter::close);
    }

    /** {@code median/max} of the values, in ms with one decimal, or {@code -} when there are none. */
    static String medianMax(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format(Locale.ROOT, "%.1f/%.1f", median, sorted.get(n - 1));
    }
}
