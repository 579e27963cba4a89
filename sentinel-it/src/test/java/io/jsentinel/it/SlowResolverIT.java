package io.jsentinel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.NetLab;
import io.jsentinel.it.support.NetnsNode;
import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SlowDns;
import io.jsentinel.it.support.links.MonitorReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A resolver that takes 3 s per lookup (a stalled {@code getaddrinfo}, the cause of real Redis Sentinel TILT
 * reports) must cost jsentinel no TILT and no missed ping. Two halves run side by side, each in a network
 * namespace of its own ({@link NetLab}) whose lookups go to a {@link SlowDns} responder answering
 * {@code master.slow.test} and {@code replica.slow.test} after 3 s ({@code AAAA}: empty, also after 3 s):
 * a redis-server master (127.0.0.2), a replica of it (127.0.0.3) that announces itself as
 * {@code replica.slow.test} ({@code replica-announce-ip}), and one sentinel (127.0.0.4) monitoring the master
 * as {@code master.slow.test} with {@code resolve-hostnames yes}, {@code announce-hostnames yes} and
 * down-after 5000 ms: redis-sentinel in one half, jsentinel in the other. At 20 s and 40 s the sentinel's
 * connections to the master and to the replica are killed ({@code CLIENT KILL ID}, command links first), so
 * both sentinels reconnect to names, before which Redis resolves them again.
 *
 * <p>Over the first {@value #WINDOW_SECONDS} s after the sentinel is launched the test counts:
 * <ul>
 * <li><b>TILT</b>: {@code +tilt} lines in the sentinel's log (both kinds log every event they publish, and
 *     the log, unlike a subscription, covers the start-up too);</li>
 * <li><b>missed pings</b>: gaps of more than {@value #MISSED_PING_MILLIS} ms between consecutive {@code PING}s
 *     that the master executes from the sentinel's command connections, timed by the master's own clock
 *     ({@code MONITOR} timestamps), from the first such PING to the end of the window. A command connection is
 *     one that {@code CLIENT LIST} on the master, polled every 200 ms, shows under the name
 *     {@code sentinel-<id>-cmd}. With down-after 5000 ms a sentinel pings every 1000 ms once the last reply is
 *     that old, on a 10–19 Hz tick, so a healthy gap is 1.0–1.1 s; over 1.5 s a ping is half a period late.</li>
 * </ul>
 * It also prints how many DNS queries (A and AAAA alike) each half's responder got per name. jsentinel must
 * show neither TILT nor a missed ping; redis-sentinel's figures are printed, not asserted (it resolves the replica's
 * name on every INFO of the master, and every name again before reconnecting, each time on its only thread).
 * Needs root (namespaces, {@code /etc/netns}); skipped with the reason otherwise. The redis-sentinel half is
 * skipped when {@code redis-sentinel} is not on PATH or {@code it.kinds} excludes it.
 */
@Tag("it")
@Tag("hostnames")
@ExtendWith(DumpLogsOnFailure.class)
class SlowResolverIT {
    static final int WINDOW_SECONDS = 60;
    static final long MISSED_PING_MILLIS = 1500;
    static final Duration DNS_DELAY = Duration.ofSeconds(3);
    static final List<Integer> KILL_LINKS_AT_SECONDS = List.of(20, 40);
    static final String MASTER_NAME = "master.slow.test";
    static final String REPLICA_NAME = "replica.slow.test";
    private static final Pattern SENTINEL_CMD_LINK = Pattern.compile("sentinel-[0-9a-f]{8}-cmd");

    /** What one half measured. */
    record Figures(SentinelKind kind, long tilts, int pings, int missedPings, long maxGapMillis,
                   long masterQueries, long replicaQueries, List<String> replicaNames, String masterAddress,
                   List<String> missedAt) {
        String line() {
            return String.format("| %-15s | %4d | %5d | %12d | %10d | %14d | %15d | %s |",
                    kind == SentinelKind.REAL ? "redis-sentinel" : "jsentinel", tilts, pings, missedPings,
                    maxGapMillis, masterQueries, replicaQueries, replicaNames);
        }
    }

    @Test
    void aSlowResolverCostsNoTiltAndNoMissedPing() throws Exception {
        String why = NetLab.unusableReason();
        Assumptions.assumeTrue(why == null, why);
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "it.kinds excludes JSENTINEL");
        CompletableFuture<Figures> real = null;
        if (!SentinelKind.isEnabled(SentinelKind.REAL)) {
            System.out.println("[slow-dns] redis-sentinel half skipped: it.kinds excludes REAL");
        } else if (!onPath("redis-sentinel")) {
            System.out.println("[slow-dns] redis-sentinel half skipped: no redis-sentinel on PATH");
        } else {
            real = CompletableFuture.supplyAsync(() -> half(SentinelKind.REAL));
        }
        Figures ours = half(SentinelKind.JSENTINEL);
        Figures theirs = real == null ? null : real.join();

        System.out.printf("[slow-dns] %s, DNS delay %d ms, window %d s, missed ping = PING gap > %d ms%n",
                LocalDate.now(), DNS_DELAY.toMillis(), WINDOW_SECONDS, MISSED_PING_MILLIS);
        System.out.println("[slow-dns] | sentinel        | TILT | PINGs | missed pings | max gap ms | "
                + "master queries | replica queries | replicas known |");
        for (Figures f : theirs == null ? List.of(ours) : List.of(theirs, ours)) {
            System.out.println("[slow-dns] " + f.line());
        }
        for (Figures f : theirs == null ? List.of(ours) : List.of(theirs, ours)) {
            System.out.println("[slow-dns] " + f.kind().label() + " missed pings (s after the first PING: gap ms): "
                    + f.missedAt());
        }

        assertThat(ours.tilts()).as("+tilt in jsentinel's log").isZero();
        assertThat(ours.missedPings()).as("PING gaps over %d ms (max %d ms)", MISSED_PING_MILLIS, ours.maxGapMillis())
                .isZero();
        // and the test tested something: slow lookups happened, pings went out, names were used
        assertThat(ours.replicaQueries()).as("the replica's slow name was looked up").isPositive();
        assertThat(ours.pings()).as("PINGs seen (a sentinel that never pinged would miss none)")
                .isGreaterThan(WINDOW_SECONDS / 2);
        assertThat(ours.replicaNames()).as("the replica is known by its name").containsExactly(REPLICA_NAME + ":6379");
        assertThat(ours.masterAddress()).as("GET-MASTER-ADDR-BY-NAME shows the name").isEqualTo(MASTER_NAME);
    }

    private static Figures half(SentinelKind kind) {
        List<NetnsNode> nodes = new ArrayList<>();
        try (NetLab lab = NetLab.create(3)) {
            NetLab.Host masterHost = lab.host(1);
            NetLab.Host replicaHost = lab.host(2);
            NetLab.Host sentinelHost = lab.host(3);
            Map<String, String> names = new LinkedHashMap<>();
            names.put(MASTER_NAME, masterHost.ip());
            names.put(REPLICA_NAME, replicaHost.ip());
            try (SlowDns dns = SlowDns.install(lab, DNS_DELAY, names)) {
                try {
                    return measure(kind, lab, dns, nodes, masterHost, replicaHost, sentinelHost);
                } finally {
                    for (int i = nodes.size() - 1; i >= 0; i--) {
                        nodes.get(i).kill();
                    }
                }
            }
        }
    }

    private static Figures measure(SentinelKind kind, NetLab lab, SlowDns dns, List<NetnsNode> nodes,
            NetLab.Host masterHost, NetLab.Host replicaHost, NetLab.Host sentinelHost) {
        NetnsNode master = NetnsNode.redis(lab, masterHost, null);
        nodes.add(master);
        NetnsNode replica = NetnsNode.redis(lab, replicaHost, masterHost, "--replica-announce-ip", REPLICA_NAME);
        nodes.add(replica);
        Set<String> commandLinks = Collections.synchronizedSet(new HashSet<>());
        try (MonitorReader monitor = MonitorReader.start(master.port(), null);
                ClientListPoller poller = new ClientListPoller(master.port(), commandLinks)) {
            long launched = System.nanoTime();
            NetnsNode sentinel = NetnsNode.sentinel(lab, sentinelHost, kind, List.of(
                    "sentinel resolve-hostnames yes",
                    "sentinel announce-hostnames yes",
                    "sentinel monitor mymaster " + MASTER_NAME + " " + NetnsNode.REDIS_PORT + " 1",
                    "sentinel down-after-milliseconds mymaster 5000",
                    "sentinel failover-timeout mymaster 180000"));
            nodes.add(sentinel);
            for (int at : KILL_LINKS_AT_SECONDS) {
                sleepUntil(launched, Duration.ofSeconds(at));
                killSentinelLinks(master);
                killSentinelLinks(replica);
            }
            sleepUntil(launched, Duration.ofSeconds(WINDOW_SECONDS));
            long endMicros = monitorClockMicros(master);

            List<Long> pings = monitor.entries().stream()
                    .filter(e -> e.name().equals("PING") && commandLinks.contains(e.client()))
                    .map(MonitorReader.Entry::micros).sorted().toList();
            List<String> missedAt = new ArrayList<>();
            long maxGap = 0;
            for (int i = 1; i <= pings.size(); i++) {
                long gap = (i < pings.size() ? pings.get(i) : endMicros) - pings.get(i - 1);
                maxGap = Math.max(maxGap, gap / 1000);
                if (gap > MISSED_PING_MILLIS * 1000) {
                    missedAt.add(String.format("%.1f: %d", (pings.get(i - 1) - pings.get(0)) / 1e6, gap / 1000));
                }
            }
            Resp replicas = patientCall(sentinel, "SENTINEL", "REPLICAS", "mymaster");
            List<String> replicaNames = replicas.isError() ? List.of(replicas.toString())
                    : replicas.list().stream().map(r -> r.fieldStr("name")).toList();
            Resp addr = patientCall(sentinel, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
            return new Figures(kind, countTilts(sentinel.logFile()), pings.size(), missedAt.size(), maxGap,
                    dns.queriesFor(MASTER_NAME), dns.queriesFor(REPLICA_NAME), replicaNames,
                    addr.isError() || addr.isNull() ? String.valueOf(addr) : addr.get(0).str(), missedAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command to a sentinel that may be in the middle of a lookup (redis-sentinel waits on it). */
    private static Resp patientCall(NetnsNode sentinel, String... args) {
        try (RawResp c = RawResp.connect(sentinel.port(), Duration.ofSeconds(30))) {
            return c.call(args);
        }
    }

    /** The master's clock now, in MONITOR's microseconds: the end of the last gap. */
    private static long monitorClockMicros(NetnsNode master) {
        Resp time = master.call("TIME");
        return Long.parseLong(time.get(0).str()) * 1_000_000 + Long.parseLong(time.get(1).str());
    }

    private static long countTilts(Path log) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains("+tilt")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills, by id, every connection a sentinel opened to {@code node} (both kinds name them sentinel-...), the
     * command links first. Both sentinels reopen an instance's links at most once per ping period: with the
     * pub/sub link killed first, its reconnection would hold the command link's back by up to a second, a PING gap
     * that has nothing to do with resolving.
     */
    private static void killSentinelLinks(NetnsNode node) {
        List<String> ids = new ArrayList<>();
        for (String kind : List.of("cmd", "pubsub")) {
            for (String line : node.call("CLIENT", "LIST").str().split("\n")) {
                Matcher id = Pattern.compile("^id=(\\d+) .* name=sentinel-[0-9a-f]{8}-" + kind + " ").matcher(line);
                if (id.find()) {
                    ids.add(id.group(1));
                }
            }
        }
        for (String id : ids) {
            node.call("CLIENT", "KILL", "ID", id);
        }
    }

    private static void sleepUntil(long startNanos, Duration at) {
        long left = startNanos + at.toNanos() - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Collects the addresses of the master's clients named {@code sentinel-<id>-cmd}, every 200 ms. */
    private static final class ClientListPoller implements AutoCloseable {
        private static final Pattern CLIENT = Pattern.compile("addr=(\\S+) .* name=(\\S*)");
        private final Thread thread;
        private volatile boolean stopped;

        ClientListPoller(int port, Set<String> commandLinks) {
            thread = new Thread(() -> {
                try (RawResp c = RawResp.connect(port)) {
                    while (!stopped) {
                        for (String line : c.call("CLIENT", "LIST").str().split("\n")) {
                            Matcher m = CLIENT.matcher(line);
                            if (m.find() && SENTINEL_CMD_LINK.matcher(m.group(2)).matches()) {
                                commandLinks.add(m.group(1));
                            }
                        }
                        Thread.sleep(200);
                    }
                } catch (InterruptedException | RuntimeException e) {
                    if (!stopped) {
                        System.out.println("[slow-dns] CLIENT LIST poller stopped: " + e);
                    }
                }
            }, "client-list-" + port);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            stopped = true;
            thread.interrupt();
        }
    }
}
