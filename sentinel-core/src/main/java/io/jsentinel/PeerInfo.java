package io.jsentinel;

import io.jsentinel.events.Address;

/**
 * Another sentinel monitoring the same master, learnt through hello messages.
 *
 * @param runId the peer's 40-character id
 * @param address where the peer listens
 * @param status OK or SDOWN
 * @param votesMasterDown whether the peer last answered that it thinks the master is down
 * @param link this sentinel's connection to the peer
 */
public record PeerInfo(String runId, Address address, InstanceStatus status, boolean votesMasterDown, LinkInfo link) {
}
