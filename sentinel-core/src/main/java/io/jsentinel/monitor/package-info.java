/**
 * The instances a sentinel monitors and its links to them (protocol doc §1.3, §2): creating masters, replicas
 * and peers, reconnecting, the connect handshake (AUTH, CLIENT SETNAME, SUBSCRIBE), the periodic PING, INFO and
 * hello, sending commands with the pending-command cap, the reconfiguration transaction, and sharing one link
 * per peer between masters.
 *
 * <p>Owns {@code InstanceLink} timestamps and the {@code disconnected} flag. Hands what instances report (INFO
 * replies, hellos) to {@code Monitor.Reports} and decides nothing about them. May not depend on detection,
 * elections, failover or discovery: they call it.
 */
package io.jsentinel.monitor;
