package io.jsentinel.it.chaos;

import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.Resp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several {@link ChaosClient}s writing at once, and the measurements of one scenario: per client the time
 * from the fault to its first acknowledged write after the new master was announced, and how many of its
 * acknowledged writes the final master does not have.
 */
final class Fleet implements AutoCloseable {
    private final List<ChaosClient> clients;

    Fleet(List<ChaosClient> clients) {
        this.clients = List.copyOf(clients);
    }

    List<ChaosClient> clients() {
        return clients;
    }

    /** Waits until every client has had a few writes acknowledged. */
    void awaitWriting() {
        try {
            await("clients writing").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> clients.stream().allMatch(c -> c.acks().size() >= 3));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("clients not writing: " + errorsText(), e);
        }
    }

    /** Waits until every client had a write acknowledged at or after {@code nanos}. */
    void awaitAcksAfter(long nanos, Duration timeout) {
        try {
            await("every client writes again").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> clients.stream().allMatch(c -> c.firstAckAfter(nanos) != null));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not every client writes again: " + errorsText(), e);
        }
    }

    /** Per client, milliseconds from {@code faultNanos} to its first ack at or after {@code afterNanos}. */
    Map<String, Long> recoveryMillis(long faultNanos, long afterNanos) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ChaosClient c : clients) {
            ChaosClient.Ack a = c.firstAckAfter(afterNanos);
            m.put(c.name, a == null ? -1 : (a.nanos() - faultNanos) / 1_000_000);
        }
        return m;
    }

    /** Stops the clients, then counts per client the acknowledged values missing on the master at {@code port}. */
    Map<String, Long> stopAndCountLost(int masterConnectPort) {
        clients.forEach(ChaosClient::close);
        Map<String, Long> lost = new LinkedHashMap<>();
        try (RawResp c = RawResp.connect(masterConnectPort)) {
            for (ChaosClient client : clients) {
                Resp list = c.call("LRANGE", client.key, "0", "-1");
                List<String> values = list.list().stream().map(Resp::str).collect(Collectors.toList());
                lost.put(client.name, client.lostAmong(values));
            }
        }
        return lost;
    }

    long totalAcks() {
        return clients.stream().mapToLong(c -> c.acks().size()).sum();
    }

    String errorsText() {
        return clients.stream().map(c -> c.name + ": " + c.acks().size() + " acks, " + c.errors()
                + " errors, last " + c.lastError())
                .collect(Collectors.joining("; "));
    }

    @Override
    public void close() {
        clients.forEach(ChaosClient::close);
    }

    /** The {@code [chaos]} summary line docs/chaos.md is built from. */
    static void report(String scenario, String outcome, Map<String, Long> recovery, Map<String, Long> lost,
            String extra) {
        long worst = recovery.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        long lostTotal = lost.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("[chaos] scenario=%s outcome=%s recovery_ms_max=%d recovery_ms=%s lost_acked=%d lost=%s%s%n",
                scenario, outcome, worst, recovery, lostTotal, lost, extra == null || extra.isEmpty() ? "" : " " + extra);
    }

    static List<ChaosClient> list(ChaosClient... c) {
        return new ArrayList<>(List.of(c));
    }
}
