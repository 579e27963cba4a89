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
                bench(s.port(), settings.requests() / 5, 1, "ping");
                bench(s.port(), settings.requests() / 5, 1, "getaddr");
            }
            List<List<String>> rows = new ArrayList<>();
            int turn = 0;
            for (int pipeline : new int[] {1, 16}) {
                for (String test : List.of("ping", "getaddr")) {
                    boolean realFirst = turn++ % 2 == 0;
                    Map<String, Result> r;
                    Map<String, Result> o;
                    if (realFirst) {
                        r = bench(real.port(), settings.requests(), pipeline, test);
                        o = bench(ours.port(), settings.requests(), pipeline, test);
                    } else {
                        o = bench(ours.port(), settings.requests(), pipeline, test);
                        r = bench(real.port(), settings.requests(), pipeline, test);
                    }
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
        } finally {
            ours.stop();
            real.stop();
            master.stop();
        }
    }

    /** Runs redis-benchmark and returns its rows by test name. */
    static Map<String, Result> bench(int port, int requests, int pipeline, String test) {
        List<String> cmd = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-c", "50", "-n", Integer.toString(requests), "--csv"));
        if (pipeline > 1) {
            cmd.addAll(List.of("-P", Integer.toString(pipeline)));
        }
        if (test.equals("ping")) {
            cmd.addAll(List.of("-t", "ping"));
        } else {
            cmd.addAll(List.of(GET_ADDR.split(" ")));
        }
        String out = Report.sh(cmd.toArray(String[]::new));
        Map<String, Result> rows = new LinkedHashMap<>();
        for (String line : out.split("[\r\n]+")) {
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
        return rows;
    }
}
