/**
 * Chaos tests: process faults (SIGKILL, SIGSTOP, a leader crashing mid-failover), real network partitions
 * in a private network namespace, latency and loss through a test proxy, restarts and an unwritable
 * config, each with real client libraries writing all along; and planned switchovers (coordinated against
 * plain {@code SENTINEL FAILOVER}, and a coordinated one broken half way) under full-speed writers that count
 * every acknowledged write; and an old master restarted as a master right after a failover, for both sentinel
 * kinds, with a writer pinned to its address. Every scenario prints a {@code [chaos]} summary line with its
 * measurements (the returning-master test one per round as well); docs/chaos.md collects them.
 */
package io.jsentinel.it.chaos;
