package io.jsentinel.bench;

import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.PublishedEvent;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One group of three sentinels monitoring N masters, for each N: time until every sentinel lists every master
 * with its replica and two peers, RSS, CPU per idle minute, and +sdown events (there should be none). The N
 * masters are distinct names over at most {@code bench.scalePairs} master+replica redis-server pairs (Redis
 * Sentinel allows one address under several names). The kinds run one after the other on the same pairs.
 * At the largest N our sentinel is profiled with JFR and thread dumps, saved under {@code bench.out}.
 */
final class ScaleBench {
    private static final long DOWN_AFTER = 5000;

    /** Figures of one group; RSS and CPU are per sentinel, averaged over the three. */
    record Step(SentinelKind kind, int masters, double knownSeconds, double rssMiB, double cpuPerMinute,
            int sdowns, String note) {
    }

    private final BenchSettings settings;
    private final Report report;

    ScaleBench(BenchSettings settings, Report report) {
        this.settings = settings;
        this.report = report;
    }

    void run() {
        int maxN = settings.scaleSizes().stream().mapToInt(Integer::intValue).max().orElse(1);
        int pairs = Math.min(maxN, settings.scalePairs());
        List<RedisNode> masters = new ArrayList<>();
        List<RedisNode> all = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        try {
            for (int i = 0; i < pairs; i++) {
                RedisNode m = RedisNode.builder().name("sc-m" + i).start();
                masters.add(m);
                all.add(m);
                all.add(RedisNode.builder().name("sc-r" + i).replicaOf(m).start());
            }
            int turn = 0;
            for (int n : settings.scaleSizes()) {
                List<SentinelKind> order = turn++ % 2 == 0 ? List.of(SentinelKind.REAL, SentinelKind.JSENTINEL)
                        : List.of(SentinelKind.JSENTINEL, SentinelKind.REAL);
                for (SentinelKind kind : order) {
                    Step s = step(kind, n, masters.subList(0, Math.min(n, pairs)), n == maxN);
                    System.out.println("[bench] scale " + s);
                    steps.add(s);
                }
            }
        } finally {
            for (int i = all.size() - 1; i >= 0; i--) {
                all.get(i).stop();
            }
        }
        summarize(steps, pairs);
    }

    private Step step(SentinelKind kind, int n, List<RedisNode> addresses, boolean profile) {
        StringBuilder conf = new StringBuilder("port %PORT%\nbind 127.0.0.1\n");
        for (int i = 0; i < n; i++) {
            String name = "m" + i;
            conf.append("sentinel monitor ").append(name).append(" 127.0.0.1 ")
                    .append(addresses.get(i % addresses.size()).port()).append(" 2\n")
                    .append("sentinel down-after-milliseconds ").append(name).append(' ').append(DOWN_AFTER).append('\n');
        }
        List<BenchSentinel> group = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                group.add(new BenchSentinel(kind, FreePorts.next(), conf.toString(), null, true));
            }
            long t0 = System.nanoTime();
            CompletableFuture.allOf(group.stream().map(s -> CompletableFuture.runAsync(s::start))
                    .toArray(CompletableFuture[]::new)).join();
            // SENTINEL MASTERS with 1000 masters is a big reply, encoded on the sentinel's loop: poll gently
            boolean allKnown = FailoverBench.within(Duration.ofSeconds(180).minusNanos(System.nanoTime() - t0),
                    Duration.ofMillis(Math.max(250, n)), () -> group.stream().allMatch(s -> knowsAll(s, n)));
            double known = allKnown ? (System.nanoTime() - t0) / 1e9 : Double.NaN;
            // idle means steady state, as in the footprint part: the JVM compiles for a while after start-up
            FailoverBench.sleep(settings.scaleSettleSeconds() * 1000L);
            double cpu0 = group.stream().mapToDouble(s -> ProcStats.cpuSeconds(s.pid())).sum();
            FailoverBench.sleep(settings.scaleIdleSeconds() * 1000L);
            double cpu = (group.stream().mapToDouble(s -> ProcStats.cpuSeconds(s.pid())).sum() - cpu0) / group.size()
                    * 60.0 / settings.scaleIdleSeconds();
            double rss = group.stream().mapToLong(s -> ProcStats.rssKiB(s.pid())).average().orElse(-1) / 1024.0;
            if (profile && kind == SentinelKind.JSENTINEL) {
                profile(group.get(0), n);
            }
            int sdowns = 0;
            for (BenchSentinel s : group) {
                for (PublishedEvent e : s.events().all()) {
                    if (e.type().equals("+sdown") && !e.message().startsWith("sentinel ")) {
                        sdowns++;
                    }
                }
            }
            return new Step(kind, n, known, rss, cpu, sdowns, Double.isNaN(known) ? "not all known in 180 s" : "");
        } catch (RuntimeException e) {
            return new Step(kind, n, Double.NaN, Double.NaN, Double.NaN, -1, e.toString());
        } finally {
            CompletableFuture.allOf(group.stream().map(s -> CompletableFuture.runAsync(s::stop))
                    .toArray(CompletableFuture[]::new)).join();
        }
    }

    /** SENTINEL MASTERS lists n masters, each with one replica and two other sentinels. */
    private static boolean knowsAll(BenchSentinel s, int n) {
        try {
            Resp masters = s.call("SENTINEL", "MASTERS");
            if (masters.isError() || masters.size() != n) {
                return false;
            }
            for (Resp m : masters.list()) {
                Map<String, String> f = fields(m);
                if (!"1".equals(f.get("num-slaves")) || !"2".equals(f.get("num-other-sentinels"))) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Map<String, String> fields(Resp flat) {
        Map<String, String> f = new HashMap<>();
        List<Resp> items = flat.list();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            f.put(items.get(i).text(), items.get(i + 1).text());
        }
        return f;
    }

    /** Three thread dumps and a 20 s JFR recording of one of our sentinels; the top frames go to the report. */
    private void profile(BenchSentinel s, int n) {
        Path dir = settings.out().resolve("profile-" + n);
        try {
            Files.createDirectories(dir);
            String pid = Long.toString(s.pid());
            for (int i = 0; i < 3; i++) {
                Files.writeString(dir.resolve("threads-" + i + ".txt"), Report.sh("jcmd", pid, "Thread.print"));
                FailoverBench.sleep(1000);
            }
            Path jfr = dir.resolve("jsentinel.jfr").toAbsolutePath();
            Report.sh("jcmd", pid, "JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
            FailoverBench.sleep(20_000);
            Report.sh("jcmd", pid, "JFR.stop", "name=bench");
            String samples = Report.sh("jfr", "print", "--events", "jdk.ExecutionSample", jfr.toString());
            Files.writeString(dir.resolve("execution-samples.txt"), samples, StandardCharsets.UTF_8);
            profileSummary = "JFR at " + n + " masters (20 s, " + dir + "):\n\n" + topFrames(samples);
        } catch (IOException | RuntimeException e) {
            profileSummary = "profiling failed: " + e;
        }
    }

    private String profileSummary = "";

    /** Counts of the top frame and of the first io.jsentinel frame over all execution samples. */
    static String topFrames(String jfrPrint) {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        for (String event : jfrPrint.split("jdk.ExecutionSample")) {
            int st = event.indexOf("stackTrace = [");
            if (st < 0) {
                continue;
            }
            samples++;
            List<String> frames = event.substring(st + 14).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("]") && !l.equals("...") && !l.startsWith("}"))
                    .map(l -> l.replaceAll("\\s+line:.*$", "")).toList();
            if (!frames.isEmpty()) {
                top.merge(frames.get(0), 1, Integer::sum);
            }
            frames.stream().filter(f -> f.startsWith("io.jsentinel")).findFirst()
                    .ifPresent(f -> ours.merge(f, 1, Integer::sum));
        }
        return "samples: " + samples + "\n\ntop frames:\n" + best(top) + "\nfirst io.jsentinel frame:\n" + best(ours);
    }

    private static String best(Map<String, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .map(e -> String.format("    %5d  %s", e.getValue(), e.getKey())).collect(Collectors.joining("\n"))
                + "\n";
    }

    private void summarize(List<Step> steps, int pairs) {
        report.heading("Scale: one group of 3 sentinels, N masters (names over " + pairs + " master+replica pairs)");
        report.line("Known = from starting the 3 processes until every sentinel lists every master with 1 replica "
                + "and 2 peers. RSS and CPU are per sentinel (mean of 3), CPU over " + settings.scaleIdleSeconds()
                + " s starting " + settings.scaleSettleSeconds() + " s after that, scaled to a minute. down-after " + DOWN_AFTER + " ms; +sdown counts events about "
                + "masters/replicas seen by any of the 3 (should be 0). KiB/extra master = (RSS(N) − RSS(1)) / (N − 1).");
        report.line("");
        List<List<String>> rows = new ArrayList<>();
        Map<SentinelKind, Step> first = new HashMap<>();
        steps.stream().sorted(Comparator.comparingInt(Step::masters))
                .forEach(s -> first.putIfAbsent(s.kind(), s));
        for (int n : settings.scaleSizes()) {
            Step r = find(steps, SentinelKind.REAL, n);
            Step o = find(steps, SentinelKind.JSENTINEL, n);
            rows.add(List.of(Integer.toString(n),
                    cell(r, Step::knownSeconds, 1) + " / " + cell(o, Step::knownSeconds, 1),
                    cell(r, Step::rssMiB, 1) + " / " + cell(o, Step::rssMiB, 1),
                    perMaster(r, first.get(SentinelKind.REAL)) + " / " + perMaster(o, first.get(SentinelKind.JSENTINEL)),
                    cell(r, Step::cpuPerMinute, 2) + " / " + cell(o, Step::cpuPerMinute, 2),
                    r == null || o == null ? "n/a" : Stats.ratio(o.cpuPerMinute(), r.cpuPerMinute()),
                    (r == null ? "n/a" : r.sdowns()) + " / " + (o == null ? "n/a" : o.sdowns())));
        }
        report.table(List.of("masters", "known s (real / ours)", "RSS MiB", "KiB per extra master",
                "CPU s/min", "CPU ratio", "+sdown"), rows);
        steps.stream().filter(s -> !s.note().isEmpty()).forEach(s -> report.line("- " + s.kind() + " at " + s.masters()
                + ": " + s.note().lines().findFirst().orElse("")));
        if (!profileSummary.isEmpty()) {
            report.line("```");
            profileSummary.lines().forEach(report::line);
            report.line("```");
        }
    }

    private static Step find(List<Step> steps, SentinelKind kind, int n) {
        return steps.stream().filter(s -> s.kind() == kind && s.masters() == n).findFirst().orElse(null);
    }

    private static String cell(Step s, java.util.function.ToDoubleFunction<Step> f, int decimals) {
        return s == null ? "n/a" : Stats.num(f.applyAsDouble(s), decimals);
    }

    private static String perMaster(Step s, Step base) {
        if (s == null || base == null || s.masters() <= base.masters()) {
            return "–";
        }
        return Stats.num((s.rssMiB() - base.rssMiB()) * 1024 / (s.masters() - base.masters()), 0);
    }
}
