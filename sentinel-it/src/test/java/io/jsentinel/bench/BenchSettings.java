package io.jsentinel.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The knobs of a run, all system properties (Maven passes {@code -D} through to the test JVM).
 *
 * <ul>
 *   <li>{@code bench.parts}: failover,throughput,footprint,scale (default: all)</li>
 *   <li>{@code bench.rounds}: failover rounds per kind and down-after (default 10)</li>
 *   <li>{@code bench.downAfter}: down-after-milliseconds values (default 1000,5000)</li>
 *   <li>{@code bench.requests}: requests per redis-benchmark run (default 100000)</li>
 *   <li>{@code bench.idleSeconds}: CPU sampling window, scaled to a minute (default 30)</li>
 *   <li>{@code bench.idleSettleSeconds}: wait after start-up before the idle window (default 60)</li>
 *   <li>{@code bench.startupReps}: start-ups per JVM flag variant (default 3)</li>
 *   <li>{@code bench.scale}: master counts (default 1,10,100,300,1000)</li>
 *   <li>{@code bench.scalePairs}: most master+replica redis-server pairs the names are spread over (default 50)</li>
 *   <li>{@code bench.scaleIdleSeconds}: CPU window per scale step (default 20)</li>
 *   <li>{@code bench.scaleSettleSeconds}: wait after every master is known before that window (default 60)</li>
 *   <li>{@code bench.out}: where results.md, raw data and profiles go (default target/bench)</li>
 *   <li>{@code bench.chart}: the PNG (default ../docs/failover-timeline.png, relative to sentinel-it)</li>
 * </ul>
 */
record BenchSettings(List<String> parts, int rounds, List<Long> downAfters, int requests, int idleSeconds,
        int idleSettleSeconds, int startupReps, List<Integer> scaleSizes, int scalePairs, int scaleIdleSeconds,
        int scaleSettleSeconds, Path out, Path chart) {

    static BenchSettings fromSystemProperties() {
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        return new BenchSettings(
                list("bench.parts", "failover,throughput,footprint,scale").stream()
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList(),
                Integer.getInteger("bench.rounds", 10),
                list("bench.downAfter", "1000,5000").stream().map(Long::parseLong).toList(),
                Integer.getInteger("bench.requests", 100_000),
                Integer.getInteger("bench.idleSeconds", 30),
                Integer.getInteger("bench.idleSettleSeconds", 60),
                Integer.getInteger("bench.startupReps", 3),
                list("bench.scale", "1,10,100,300,1000").stream().map(Integer::parseInt).toList(),
                Integer.getInteger("bench.scalePairs", 50),
                Integer.getInteger("bench.scaleIdleSeconds", 20),
                Integer.getInteger("bench.scaleSettleSeconds", 60),
                base.resolve(System.getProperty("bench.out", "target/bench")).normalize(),
                base.resolve(System.getProperty("bench.chart", "../docs/failover-timeline.png")).normalize());
    }

    boolean wants(String part) {
        return parts.contains(part);
    }

    private static List<String> list(String prop, String dflt) {
        return Arrays.stream(System.getProperty(prop, dflt).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}
