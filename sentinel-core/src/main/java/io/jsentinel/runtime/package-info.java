/**
 * The one place that wires a sentinel together for real: the loop and I/O threads (Netty), the Lettuce links,
 * the client-facing server, the system clock and the config file. Owns threads and their lifecycle; holds no
 * rule of its own. Everything it calls in {@code io.jsentinel.core} runs on the loop thread. {@code Rehearsal}
 * is the scripted failover the build plays to record the class-data archive ({@code --cds-training}); it never
 * runs in a sentinel.
 */
package io.jsentinel.runtime;
