/**
 * The failover (protocol doc §5.6, §6): when one may start and how long each state may wait
 * ({@code FailoverRules}), which replica is promoted ({@code ReplicaSelection}) — both pure — the state machine
 * that applies them ({@code Failover}), and moving a master entry to a new address ({@code MasterSwitch}), which
 * the leader, observers of a newer configuration and SENTINEL RESET share.
 *
 * <p>Sends through {@code monitor}, asks {@code election} for the leader, runs scripts through {@code script}.
 */
package io.jsentinel.failover;
