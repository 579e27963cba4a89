/**
 * What INFO replies and hellos tell the sentinel (protocol doc §3, §4.3): run ids and reboots, replicas
 * discovered, role reports, peers and their addresses, newer epochs and newer master configurations from peers,
 * and the corrective actions INFO triggers (promotion seen, convert-to-slave, fix-slave-config, replica
 * reconfiguration progress).
 *
 * <p>Owns the state fields INFO and hellos fill in. Acts through {@code monitor} (sends), {@code failover}
 * (promotion confirmed, master switch) and the config flusher; never opens links itself.
 */
package io.jsentinel.discovery;
