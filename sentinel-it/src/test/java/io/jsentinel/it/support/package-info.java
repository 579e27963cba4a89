/**
 * Integration-test harness: real {@code redis-server} processes, sentinels of either kind (the real
 * {@code redis-sentinel} binary or the jsentinel jar) on free 127.0.0.1 ports, a raw RESP client that
 * keeps reply type markers, and topologies that stop everything they started, by PID.
 */
package io.jsentinel.it.support;
