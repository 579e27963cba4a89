package io.jsentinel.bench;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one entry point: {@code mvn -B -o -pl sentinel-it -Pbench verify} (after installing the modules) runs the
 * parts named by {@code -Dbench.parts}, prints every table and writes {@code target/bench/results.md} and the
 * failover chart. Not named *IT/*Test, so the default build never runs it; it asserts nothing about timings.
 */
class SentinelBench {

    @Test
    void compareWithRedisSentinel() {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Report report = new Report();
        long start = System.nanoTime();
        report.line("## jsentinel vs redis-sentinel, same run");
        report.machine();
        try {
            if (settings.wants("failover")) {
                List<FailoverBench.Round> rounds = new FailoverBench(settings, report).run();
                TimelineChart.write(rounds, settings.downAfters(), settings.chart());
                report.line("Chart: " + settings.chart().getFileName());
            }
            if (settings.wants("throughput")) {
                new ThroughputBench(settings, report).run();
            }
            if (settings.wants("footprint")) {
                new FootprintBench(settings, report).run();
            }
            if (settings.wants("scale")) {
                new ScaleBench(settings, report).run();
            }
        } finally {
            report.line("");
            report.line(String.format("Total benchmark time: %.1f min; load average at end: %s",
                    (System.nanoTime() - start) / 60e9, Report.sh("cat", "/proc/loadavg")));
            report.writeTo(settings.out().resolve("results.md"));
        }
    }
}
