package io.jsentinel.bench;

import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.SentinelKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Footprint with one monitored master: idle RSS and CPU seconds per minute of both kinds measured over the same
 * window, then start-up time (process start to the first {@code +PONG}) and RSS a few seconds later for
 * redis-sentinel and for our jar under several JVM flag sets, with and without the launcher's class-data archive.
 */
final class FootprintBench {
    private static final long SETTLE_MS = 5000;

    /** What to start: redis-sentinel, our launcher script as shipped ({@code flags} null), or java with flags. */
    record Variant(String name, SentinelKind kind, List<String> flags) {
    }

    private final BenchSettings settings;
    private final Report report;

    FootprintBench(BenchSettings settings, Report report) {
        this.settings = settings;
        this.report = report;
    }

    void run() {
        RedisNode master = RedisNode.builder().name("fp-master").start();
        try {
            idle(master);
            startup(master);
        } finally {
            master.stop();
        }
    }

    private void idle(RedisNode master) {
        // distinct master names keep the two from discovering each other through hello messages
        BenchSentinel real = new BenchSentinel(SentinelKind.REAL, FreePorts.next(),
                conf(master, "fp-real"), null, false);
        BenchSentinel ours = new BenchSentinel(SentinelKind.JSENTINEL, FreePorts.next(),
                conf(master, "fp-jsent"), null, false);
        try {
            real.start();
            ours.start();
            // Idle means steady state: the JVM compiles for about a minute after start-up (the C2 thread was
            // half of our CPU between 12 and 42 s), a one-off cost an always-on sentinel does not keep paying.
            FailoverBench.sleep(settings.idleSettleSeconds() * 1000L);
            double r0 = ProcStats.cpuSeconds(real.pid());
            double o0 = ProcStats.cpuSeconds(ours.pid());
            FailoverBench.sleep(settings.idleSeconds() * 1000L);
            double perMinute = 60.0 / settings.idleSeconds();
            double rCpu = (ProcStats.cpuSeconds(real.pid()) - r0) * perMinute;
            double oCpu = (ProcStats.cpuSeconds(ours.pid()) - o0) * perMinute;
            double rRss = ProcStats.rssKiB(real.pid()) / 1024.0;
            double oRss = ProcStats.rssKiB(ours.pid()) / 1024.0;
            report.heading("Idle footprint, one master (" + settings.idleSeconds() + " s window after "
                    + settings.idleSettleSeconds() + " s, same window for both)");
            report.line("jsentinel started with the launcher's flags: `" + String.join(" ", BenchSentinel.launcherFlags())
                    + "`. CPU = utime+stime delta from /proc/<pid>/stat, scaled to one minute.");
            report.line("");
            report.table(List.of("figure", "redis-sentinel", "jsentinel", "ratio"), List.of(
                    List.of("RSS MiB (VmRSS)", Stats.num(rRss, 1), Stats.num(oRss, 1), Stats.ratio(oRss, rRss)),
                    List.of("CPU s per idle minute", Stats.num(rCpu, 3), Stats.num(oCpu, 3), Stats.ratio(oCpu, rCpu)),
                    List.of("threads", Integer.toString(ProcStats.threads(real.pid())),
                            Integer.toString(ProcStats.threads(ours.pid())), "")));
        } finally {
            ours.stop();
            real.stop();
        }
    }

    private void startup(RedisNode master) {
        String cdsNote = awaitLauncherArchive();
        List<String> launcher = BenchSentinel.launcherFlags();
        // the launcher's flags without its class-data archive
        List<String> base = launcher.stream().filter(f -> !f.startsWith(ARCHIVE_FLAG)
                && !f.startsWith("-Xlog:cds")).toList();
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("redis-sentinel", SentinelKind.REAL, null));
        variants.add(new Variant("bin/redis-sentinel (launcher defaults)", SentinelKind.JSENTINEL, null));
        variants.add(new Variant("launcher flags without the archive", SentinelKind.JSENTINEL, base));
        variants.add(new Variant("launcher flags with C2 (no TieredStopAtLevel, CICompilerCount, "
                + "CompileThresholdScaling), without the archive", SentinelKind.JSENTINEL,
                minus(base, "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:CompileThresholdScaling=0.1")));
        List<List<String>> rows = new ArrayList<>();
        for (Variant v : variants) {
            List<Double> startMs = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            for (int i = 0; i < settings.startupReps(); i++) {
                double[] m = startOnce(master, v);
                startMs.add(m[0]);
                rss.add(m[1]);
            }
            Stats s = Stats.of(startMs);
            rows.add(List.of(v.name(), s.format(0), Stats.of(rss).format(1)));
        }
        report.heading("Start-up (process start to first +PONG) and RSS " + SETTLE_MS / 1000
                + " s later, one master, " + settings.startupReps() + " start-ups each");
        report.line("The launcher's flags: `" + String.join(" ", launcher) + "` (and MALLOC_ARENA_MAX=2). "
                + cdsNote);
        report.line("");
        report.table(List.of("variant", "start-up ms median (min–max)", "RSS MiB median (min–max)"), rows);
    }

    /** The class-data archive the build made next to the jar (sentinel-server's package phase), if any. */
    private static String awaitLauncherArchive() {
        Optional<Path> archive = launcherArchive();
        try {
            return archive.isPresent()
                    ? "The launcher's class-data archive (" + Files.size(archive.get()) / (1024 * 1024) + " MiB, made by "
                            + "the build's `--cds-training` run) was in place for its start-ups."
                    : "There was no class-data archive next to the jar (built with -Djsentinel.cds.skip=true?).";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String ARCHIVE_FLAG = "-XX:SharedArchiveFile=";

    /** The class-data archive the launcher would use now, if any (from its dry run). */
    private static Optional<Path> launcherArchive() {
        return BenchSentinel.launcherFlags().stream().filter(f -> f.startsWith(ARCHIVE_FLAG))
                .map(f -> Path.of(f.substring(ARCHIVE_FLAG.length()))).findFirst();
    }

    /** Starts one sentinel, times the first +PONG (polling every 2 ms), waits, reads RSS, stops it. */
    private static double[] startOnce(RedisNode master, Variant v) {
        BenchSentinel s = new BenchSentinel(v.kind(), FreePorts.next(), conf(master, "mymaster"), v.flags(), false)
                .timingStartup(Duration.ofMillis(2), Duration.ofSeconds(30));
        try {
            try {
                s.start();
            } catch (RuntimeException e) {
                System.out.println("[bench] " + v.name() + " did not answer PING; see " + s.dir() + ": " + e);
                return new double[] {Double.NaN, Double.NaN};
            }
            double startMs = s.lastStartup().toNanos() / 1e6;
            // a few commands, so a training run archives the classes that serve them; slow replies are fine
            try (RawResp c = RawResp.connect(s.port(), Duration.ofSeconds(30))) {
                c.call("SENTINEL", "MASTERS");
                c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
                c.call("INFO");
            } catch (RuntimeException e) {
                System.out.println("[bench] " + v.name() + ": commands after start-up failed: " + e);
            }
            FailoverBench.sleep(SETTLE_MS);
            double rss = ProcStats.rssKiB(s.pid()) / 1024.0;
            return new double[] {startMs, rss};
        } finally {
            s.stop();
        }
    }

    private static String conf(RedisNode master, String name) {
        return "port %PORT%\nbind 127.0.0.1\nsentinel monitor " + name + " 127.0.0.1 " + master.port() + " 1\n";
    }

    private static List<String> minus(List<String> base, String... less) {
        List<String> all = new ArrayList<>(base);
        all.removeAll(List.of(less));
        return all;
    }
}
