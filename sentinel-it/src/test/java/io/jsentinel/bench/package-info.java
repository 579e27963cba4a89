/**
 * Side-by-side benchmarks of jsentinel and Debian's {@code redis-sentinel}: failover timelines, throughput and
 * latency, footprint and scale. Started by {@link io.jsentinel.bench.SentinelBench} through the {@code bench}
 * Maven profile; nothing here runs in the default {@code mvn verify} and nothing here asserts on timings.
 */
package io.jsentinel.bench;
