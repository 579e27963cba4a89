package io.jsentinel.bench;

import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.SentinelKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput and latency with {@code redis-benchmark} (50 clients, CSV output) against one sentinel of each kind
 * monitoring the same master: PING and {@code SENTINEL GET-MASTER-ADDR-BY-NAME}, without and with
 * {@code -P 16}. A warm-up pass runs first on both (the JIT needs it; redis-sentinel gets it alike).
 */
final class ThroughputBench {
    private static final String GET_ADDR = "sentinel get-master-addr-by-name mymaster";

    /** One CSV row of redis-benchmark. */
    record Result(double rps, double p50, double p99) {
        static final Result NONE = new Result(Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * One redis-benchmark invocation: its rows, and the CPU seconds the sentinel and redis-benchmark itself used
     * over its wall time (redis-benchmark is single-threaded: near 1.0 of a core it is the bottleneck).
     */
    record Run(Map<String, Result> rows, long requests, double wallSeconds, double sentinelCpu, double benchCpu) {
        String benchCores() {
            return Stats.num(benchCpu / wallSeconds, 2);
        }

        String sentinelCores() {
            return Stats.num(sentinelCpu / wallSeconds, 2);
        }

        String microsPerRequest() {
            return Stats.num(sentinelCpu * 1e6 / requests, 1);
        }
    }

    private final BenchSettings settings;
    private final Report report;

    ThroughputBench(BenchSettings settings, Report report) {
        this.settings = settings;
        this.report = report;
    }

    void run() {
        RedisNode master = RedisNode.builder().name("tp-master").start();
        String conf = "port %PORT%\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 " + master.port() + " 1\n";
        BenchSentinel real = new BenchSentinel(SentinelKind.REAL, FreePorts.next(), conf, null, false);
        BenchSentinel ours = new BenchSentinel(SentinelKind.JSENTINEL, FreePorts.next(), conf, null, false);
        try {
            real.start();
            ours.start();
            for (BenchSentinel s : List.of(real, ours)) {
                bench(s, settings.requests() / 5, 1, "ping");
                bench(s, settings.requests() / 5, 1, "getaddr");
            }
            List<List<String>> rows = new ArrayList<>();
            List<List<String>> cpuRows = new ArrayList<>();
            int turn = 0;
            for (int pipeline : new int[] {1, 16}) {
                for (String test : List.of("ping", "getaddr")) {
                    boolean realFirst = turn++ % 2 == 0;
                    Run realRun;
                    Run ourRun;
                    if (realFirst) {
                        realRun = bench(real, settings.requests(), pipeline, test);
                        ourRun = bench(ours, settings.requests(), pipeline, test);
                    } else {
                        ourRun = bench(ours, settings.requests(), pipeline, test);
                        realRun = bench(real, settings.requests(), pipeline, test);
                    }
                    Map<String, Result> r = realRun.rows();
                    Map<String, Result> o = ourRun.rows();
                    String label = test.equals("ping") ? "PING (both)" : "GET-MASTER-ADDR-BY-NAME";
                    cpuRows.add(List.of(label, Integer.toString(pipeline), realRun.benchCores(), ourRun.benchCores(),
                            realRun.sentinelCores(), ourRun.sentinelCores(), realRun.microsPerRequest(),
                            ourRun.microsPerRequest()));
                    for (String name : r.keySet()) {
                        Result a = r.get(name);
                        Result b = o.getOrDefault(name, Result.NONE);
                        rows.add(List.of(name.equals(GET_ADDR) ? "GET-MASTER-ADDR-BY-NAME" : name,
                                Integer.toString(pipeline), Stats.num(a.rps(), 0), Stats.num(b.rps(), 0),
                                Stats.ratio(b.rps(), a.rps()), Stats.num(a.p50(), 3) + " / " + Stats.num(a.p99(), 3),
                                Stats.num(b.p50(), 3) + " / " + Stats.num(b.p99(), 3)));
                    }
                }
            }
            report.heading("Throughput and latency (redis-benchmark, 50 clients, " + settings.requests()
                    + " requests)");
            report.line("`redis-benchmark -p P -c 50 -n " + settings.requests() + " --csv [-P 16] -t ping` and `... "
                    + GET_ADDR + "`; one sentinel of each kind monitoring one master. Ratio = jsentinel / "
                    + "redis-sentinel requests per second. Latency in ms as p50 / p99.");
            report.line("");
            report.table(List.of("command", "pipeline", "redis-sentinel rps", "jsentinel rps", "ratio",
                    "redis-sentinel p50/p99", "jsentinel p50/p99"), rows);
            report.line("");
            report.line("CPU during the same runs (cores = CPU seconds / wall seconds; redis-benchmark is one thread, "
                    + "so near 1.0 it is what limits the rate; sentinel CPU per request in microseconds):");
            report.line("");
            report.table(List.of("command", "pipeline", "redis-benchmark cores vs redis-sentinel",
                    "redis-benchmark cores vs jsentinel", "redis-sentinel cores", "jsentinel cores",
                    "redis-sentinel µs/request", "jsentinel µs/request"), cpuRows);
        } finally {
            ours.stop();
            real.stop();
            master.stop();
        }
    }

    /** Runs redis-benchmark against {@code sentinel}: its rows by test name and the CPU both used. */
    static Run bench(BenchSentinel sentinel, int requests, int pipeline, String test) {
        // sh's `times` prints, on its second line, the CPU time of the shell's finished children
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\"; times", "sh",
                "redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(sentinel.port()),
                "-c", "50", "-n", Integer.toString(requests), "--csv"));
        if (pipeline > 1) {
            cmd.addAll(List.of("-P", Integer.toString(pipeline)));
        }
        if (test.equals("ping")) {
            cmd.addAll(List.of("-t", "ping"));
        } else {
            cmd.addAll(List.of(GET_ADDR.split(" ")));
        }
        double cpu0 = ProcStats.cpuSeconds(sentinel.pid());
        long t0 = System.nanoTime();
        String out = Report.sh(cmd.toArray(String[]::new));
        double wall = (System.nanoTime() - t0) / 1e9;
        double sentinelCpu = ProcStats.cpuSeconds(sentinel.pid()) - cpu0;
        double benchCpu = Double.NaN;
        Map<String, Result> rows = new LinkedHashMap<>();
        for (String line : out.split("[\r\n]+")) {
            java.util.regex.Matcher times = TIMES.matcher(line);
            if (times.matches()) {
                benchCpu = minutes(times.group(1), times.group(2)) + minutes(times.group(3), times.group(4));
                continue;
            }
            if (!line.startsWith("\"") || line.startsWith("\"test\"")) {
                continue;
            }
            String[] f = line.substring(1, line.length() - 1).split("\",\"");
            try {
                rows.put(f[0], new Result(Double.parseDouble(f[1]), Double.parseDouble(f[4]),
                        Double.parseDouble(f[6])));
            } catch (RuntimeException e) {
                System.out.println("[bench] cannot parse redis-benchmark line: " + line);
            }
        }
        if (rows.isEmpty()) {
            System.out.println("[bench] redis-benchmark gave no result: " + out);
        }
        return new Run(rows, (long) requests * Math.max(1, rows.size()), wall, sentinelCpu, benchCpu);
    }

    /** A line of sh's {@code times}: user and system time as {@code 0m1.234s 0m0.567s}; the last one is children's. */
    private static final java.util.regex.Pattern TIMES =
            java.util.regex.Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

    private static double minutes(String minutes, String seconds) {
        return Integer.parseInt(minutes) * 60 + Double.parseDouble(seconds);
    }
}
