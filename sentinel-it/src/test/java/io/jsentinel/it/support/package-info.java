/**
 * Integration-test harness: real {@code redis-server} processes, sentinels of either kind (the real
 * {@code redis-sentinel} binary or the jsentinel jar) on free 127.0.0.1 ports, a raw RESP client that
 * keeps reply type markers, and topologies that stop everything they started, by PID. Every child process
 * (benchmarks' included) is started, awaited, logged and stopped by {@link io.jsentinel.it.support.ManagedProcess}.
 *
 * <p>The in-process (embedded) sentinel is tested apart, in {@code io.jsentinel.it.embed}, through
 * {@code Sentinel.builder()}; the kinds here are processes, so that the same tests run against
 * {@code redis-sentinel} and jsentinel alike.
 */
package io.jsentinel.it.support;
