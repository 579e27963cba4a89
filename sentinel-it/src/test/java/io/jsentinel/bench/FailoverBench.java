package io.jsentinel.bench;

import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.ManagedProcess;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Failover timelines: per round a fresh group (1 master + 2 replicas with requirepass/masterauth, 3 sentinels of
 * one kind), SIGKILL of the master, and the times from the kill to the first {@code +odown}, the first
 * {@code +switch-master}, every sentinel answering the new address, and the first successful SET through a
 * client that asks the sentinels. Rounds of the two kinds alternate so background load hits both alike.
 */
final class FailoverBench {
    static final String MASTER = "mymaster";
    private static final String PASSWORD = "bench-pw";
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One round; times in ms after the kill, NaN when not reached.
     *
     * @param note why a round failed, or empty
     */
    record Round(SentinelKind kind, long downAfter, int index, double odown, double switchMaster,
            double allReport, double firstWrite, double tiltWait, String note) {
    }

    private final BenchSettings settings;
    private final Report report;

    FailoverBench(BenchSettings settings, Report report) {
        this.settings = settings;
        this.report = report;
    }

    List<Round> run() {
        List<Round> all = new ArrayList<>();
        for (long downAfter : settings.downAfters()) {
            for (int i = 0; i < settings.rounds(); i++) {
                List<SentinelKind> order = i % 2 == 0 ? List.of(SentinelKind.REAL, SentinelKind.JSENTINEL)
                        : List.of(SentinelKind.JSENTINEL, SentinelKind.REAL);
                for (SentinelKind kind : order) {
                    Round r = round(kind, downAfter, i);
                    System.out.printf("[bench] failover %s down-after=%d round %d: odown=%.0f switch=%.0f "
                            + "all-report=%.0f write=%.0f tilt-wait=%.0f %s%n", kind, downAfter, i, r.odown(),
                            r.switchMaster(), r.allReport(), r.firstWrite(), r.tiltWait(), r.note());
                    all.add(r);
                }
            }
        }
        summarize(all);
        return all;
    }

    private Round round(SentinelKind kind, long downAfter, int index) {
        List<ManagedProcess> started = new ArrayList<>();
        try {
            RedisNode master = RedisNode.builder().name("fo-master").password(PASSWORD).start();
            started.add(master);
            for (int i = 1; i <= 2; i++) {
                started.add(RedisNode.builder().name("fo-replica" + i).password(PASSWORD).replicaOf(master).start());
            }
            String conf = "port %PORT%\nbind 127.0.0.1\n"
                    + "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 2\n"
                    + "sentinel down-after-milliseconds " + MASTER + " " + downAfter + "\n"
                    + "sentinel failover-timeout " + MASTER + " 10000\n"
                    + "sentinel auth-pass " + MASTER + " " + PASSWORD + "\n";
            List<BenchSentinel> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                BenchSentinel s = new BenchSentinel(kind, FreePorts.next(), conf, null, true);
                sentinels.add(s);
                started.add(s);
            }
            // in parallel: three JVMs starting one after the other would make the round needlessly long
            CompletableFuture.allOf(sentinels.stream().map(s -> CompletableFuture.runAsync(s::start))
                    .toArray(CompletableFuture[]::new)).join();
            if (!awaitDiscovery(sentinels, Duration.ofSeconds(90))) {
                return failed(kind, downAfter, index, "discovery timed out");
            }
            // a sentinel in TILT does not act for 30 s; measure the failover, and count the rounds that waited
            double tiltWait = 0;
            if (Boolean.parseBoolean(System.getProperty("bench.awaitNoTilt", "true"))) {
                long w0 = System.nanoTime();
                within(Duration.ofSeconds(90), Duration.ofMillis(100),
                        () -> sentinels.stream().noneMatch(FailoverBench::inTilt));
                tiltWait = (System.nanoTime() - w0) / 1e6;
            }
            Round r = measure(kind, downAfter, index, master, sentinels);
            return new Round(r.kind(), r.downAfter(), r.index(), r.odown(), r.switchMaster(), r.allReport(),
                    r.firstWrite(), tiltWait, r.note());
        } catch (RuntimeException e) {
            return failed(kind, downAfter, index, e.toString());
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).stop();
                } catch (RuntimeException e) {
                    started.get(i).kill();
                }
            }
        }
    }

    private static Round failed(SentinelKind kind, long downAfter, int index, String note) {
        return new Round(kind, downAfter, index, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, note);
    }

    /** INFO says sentinel_tilt:1. */
    static boolean inTilt(BenchSentinel s) {
        try {
            return s.call("INFO", "sentinel").text().contains("sentinel_tilt:1");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every sentinel lists both replicas and both peers, and both replicas have their link up. */
    static boolean awaitDiscovery(List<BenchSentinel> sentinels, Duration timeout) {
        return within(timeout, Duration.ofMillis(100), () -> sentinels.stream().allMatch(FailoverBench::discovered));
    }

    private static boolean discovered(BenchSentinel s) {
        try {
            Resp r = s.call("SENTINEL", "REPLICAS", MASTER);
            Resp p = s.call("SENTINEL", "SENTINELS", MASTER);
            return !r.isError() && !p.isError() && r.size() == 2 && p.size() == 2;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Waits until {@code condition} holds, checking at once and then every {@code every}; false when it still
     * does not after {@code limit}. For waits whose timeout a round reports rather than fails on.
     */
    static boolean within(Duration limit, Duration every, Callable<Boolean> condition) {
        try {
            await().atMost(limit.isNegative() || limit.isZero() ? Duration.ofMillis(1) : limit)
                    .pollDelay(Duration.ZERO).pollInterval(every).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private Round measure(SentinelKind kind, long downAfter, int index, RedisNode master,
            List<BenchSentinel> sentinels) {
        int oldPort = master.port();
        AtomicBoolean go = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong allReportAt = new AtomicLong();
        AtomicLong writeAt = new AtomicLong();
        Thread poller = new Thread(() -> pollAll(sentinels, oldPort, go, stop, allReportAt), "bench-poll");
        Thread writer = new Thread(() -> writeLoop(sentinels, oldPort, go, stop, writeAt), "bench-write");
        poller.start();
        writer.start();
        List<Integer> marks = sentinels.stream().map(s -> s.events().mark()).toList();
        long t0 = System.nanoTime();
        go.set(true);
        master.kill();
        within(ROUND_TIMEOUT.minusNanos(System.nanoTime() - t0), Duration.ofMillis(10),
                () -> allReportAt.get() != 0 && writeAt.get() != 0);
        stop.set(true);
        join(poller);
        join(writer);
        double odown = firstEvent(sentinels, marks, "+odown", t0);
        double switched = firstEvent(sentinels, marks, "+switch-master", t0);
        String note = allReportAt.get() == 0 || writeAt.get() == 0 ? "timed out after " + ROUND_TIMEOUT : "";
        return new Round(kind, downAfter, index, odown, switched, ms(allReportAt.get(), t0), ms(writeAt.get(), t0),
                0, note);
    }

    private static double ms(long at, long t0) {
        return at == 0 ? Double.NaN : (at - t0) / 1e6;
    }

    private static double firstEvent(List<BenchSentinel> sentinels, List<Integer> marks, String type, long t0) {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < sentinels.size(); i++) {
            List<PublishedEvent> events = sentinels.get(i).events().all();
            for (PublishedEvent e : events.subList(marks.get(i), events.size())) {
                if (e.type().equals(type) && e.message().contains(MASTER) && e.nanos() >= t0) {
                    first = Math.min(first, e.nanos());
                    break;
                }
            }
        }
        return first == Long.MAX_VALUE ? Double.NaN : (first - t0) / 1e6;
    }

    /** Every ~10 ms asks all sentinels for the master; records when all of them name a new one. */
    private static void pollAll(List<BenchSentinel> sentinels, int oldPort, AtomicBoolean go, AtomicBoolean stop,
            AtomicLong allReportAt) {
        RawResp[] conns = new RawResp[sentinels.size()];
        try {
            while (!go.get()) {
                Thread.onSpinWait();
            }
            while (!stop.get()) {
                boolean all = true;
                for (int i = 0; i < conns.length && all; i++) {
                    int port = -1;
                    try {
                        if (conns[i] == null) {
                            conns[i] = RawResp.connect(sentinels.get(i).port(), Duration.ofSeconds(1));
                        }
                        Resp r = conns[i].call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
                        port = r.isNull() || r.isError() ? -1 : Integer.parseInt(r.get(1).str());
                    } catch (RuntimeException e) {
                        closeQuietly(conns[i]);
                        conns[i] = null;
                    }
                    all = port > 0 && port != oldPort;
                }
                if (all) {
                    allReportAt.set(System.nanoTime());
                    return;
                }
                sleep(10);
            }
        } finally {
            for (RawResp c : conns) {
                closeQuietly(c);
            }
        }
    }

    /** A client: asks a sentinel for the master and SETs there until a SET succeeds on a new master. */
    private static void writeLoop(List<BenchSentinel> sentinels, int oldPort, AtomicBoolean go, AtomicBoolean stop,
            AtomicLong writeAt) {
        while (!go.get()) {
            Thread.onSpinWait();
        }
        int next = 0;
        while (!stop.get()) {
            BenchSentinel s = sentinels.get(next++ % sentinels.size());
            try (RawResp c = RawResp.connect(s.port(), Duration.ofMillis(500))) {
                Resp r = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
                int port = r.isNull() || r.isError() ? -1 : Integer.parseInt(r.get(1).str());
                if (port > 0 && port != oldPort && trySet(port)) {
                    writeAt.set(System.nanoTime());
                    return;
                }
            } catch (RuntimeException e) {
                // sentinel busy or restarting: ask the next one
            }
            sleep(10);
        }
    }

    private static boolean trySet(int port) {
        try (RawResp c = RawResp.connect(port, Duration.ofMillis(500))) {
            if (c.call("AUTH", PASSWORD).isError()) {
                return false;
            }
            Resp r = c.call("SET", "bench:failover", "1");
            return !r.isError() && "OK".equals(r.text());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void summarize(List<Round> all) {
        report.heading("Failover (ms from SIGKILL of the master; median (min–max))");
        report.line("Rounds per kind and down-after: " + settings.rounds() + ", interleaved REAL/JSENTINEL. "
                + "(a) first +odown on any sentinel, (b) first +switch-master, (c) all three sentinels answer the "
                + "new address to GET-MASTER-ADDR-BY-NAME (polled every 10 ms), (d) first successful SET by a "
                + "client asking the sentinels.");
        report.line("");
        List<List<String>> rows = new ArrayList<>();
        for (long da : settings.downAfters()) {
            addRow(rows, all, da, "(a) +odown", Round::odown);
            addRow(rows, all, da, "(b) +switch-master", Round::switchMaster);
            addRow(rows, all, da, "(c) all sentinels report", Round::allReport);
            addRow(rows, all, da, "(d) first write", Round::firstWrite);
        }
        report.table(List.of("down-after", "milestone", "redis-sentinel", "jsentinel", "ratio median",
                "ratio max"), rows);
        for (SentinelKind kind : List.of(SentinelKind.REAL, SentinelKind.JSENTINEL)) {
            List<Round> mine = all.stream().filter(r -> r.kind() == kind).toList();
            List<Double> waits = mine.stream().map(Round::tiltWait).filter(w -> w > 500).toList();
            report.line("- " + kind + ": " + waits.size() + " of " + mine.size() + " rounds had a sentinel in TILT "
                    + "after discovery; the kill waited for TILT to end" + (waits.isEmpty() ? ""
                    : " (wait " + Stats.of(waits).format(0) + " ms)") + ".");
        }
        all.stream().filter(r -> !r.note().isEmpty()).forEach(r -> report.line("- failed round: " + r.kind()
                + " down-after " + r.downAfter() + " #" + r.index() + ": " + r.note().lines().findFirst().orElse("")));
    }

    private static void addRow(List<List<String>> rows, List<Round> all, long da, String name,
            ToDoubleFunction<Round> f) {
        Stats real = Stats.of(pick(all, SentinelKind.REAL, da, f));
        Stats ours = Stats.of(pick(all, SentinelKind.JSENTINEL, da, f));
        rows.add(List.of(Long.toString(da), name, real.format(0), ours.format(0),
                Stats.ratio(ours.median(), real.median()), Stats.ratio(ours.max(), real.max())));
    }

    static List<Double> pick(List<Round> all, SentinelKind kind, long da, ToDoubleFunction<Round> f) {
        return all.stream().filter(r -> r.kind() == kind && r.downAfter() == da).map(r -> f.applyAsDouble(r)).toList();
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(RawResp c) {
        if (c != null) {
            c.close();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
