/**
 * The standalone, drop-in {@code redis-sentinel}: command line, start-up and shutdown sequence, pidfile,
 * daemonizing and signals. Runs {@link io.jsentinel.Sentinel} through its embedding API.
 */
package io.jsentinel.launcher;
