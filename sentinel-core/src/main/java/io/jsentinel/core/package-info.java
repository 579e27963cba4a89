/**
 * The sentinel's rules, as Redis 7.0's sentinel.c: monitoring links and periodic commands ({@code Monitor},
 * {@code InfoRefresher}, {@code HelloProcessor}), detection ({@code Detector}), elections ({@code Election}),
 * failover ({@code Failover}), the SENTINEL subcommands ({@code SentinelCommands}, {@code SentinelAdmin},
 * {@code Describe}), events and scripts, driven by {@code SentinelCore}'s tick on one loop thread.
 *
 * <p>Owns the behaviour; the state it changes lives in {@code io.jsentinel.state}. May not touch Netty,
 * Lettuce, the client-facing server or the runtime wiring ({@code ArchitectureTest} enforces it): it talks to
 * the world through {@code io.jsentinel.link.LinkFactory}, {@code io.jsentinel.config.ConfigStore},
 * {@code io.jsentinel.time.Clock} and event sinks, so the runtime, unit tests and the simulation run the same code.
 */
package io.jsentinel.core;
