/**
 * Integration-test harness: real {@code redis-server} processes, sentinels of either kind (the real
 * {@code redis-sentinel} binary or the jsentinel jar) on free 127.0.0.1 ports, a raw RESP client that
 * keeps reply type markers, and topologies that stop everything they started, by PID. Every child process
 * (benchmarks' included) is started, awaited, logged and stopped by {@link io.jsentinel.it.support.ManagedProcess}.
 *
 * <p>Not yet here: an in-process kind started through {@code Sentinel.builder()}; it needs the config
 * parser ({@code io.jsentinel.config.ConfigLoader}) to turn the same sentinel.conf text into a
 * {@code SentinelConfig}, which does not exist on this branch yet.
 */
package io.jsentinel.it.support;
