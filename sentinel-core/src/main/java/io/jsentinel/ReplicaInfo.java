package io.jsentinel;

import io.jsentinel.events.Address;

/**
 * One replica of a monitored master, as this sentinel knows it.
 *
 * @param address the replica's address (its name in Redis is {@code ip:port})
 * @param status OK or SDOWN
 * @param masterLinkUp whether the replica reports {@code master_link_status:up} in INFO
 * @param priority the replica's {@code slave_priority} (0 = never promoted)
 * @param replOffset the replication offset last reported in INFO
 * @param link this sentinel's connections to the replica
 */
public record ReplicaInfo(Address address, InstanceStatus status, boolean masterLinkUp, int priority, long replOffset,
                          LinkInfo link) {
}
