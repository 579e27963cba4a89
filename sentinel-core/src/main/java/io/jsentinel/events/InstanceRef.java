package io.jsentinel.events;

import io.jsentinel.Address;

/**
 * The instance an event is about, parsed from Redis' details prefix
 * ({@code master <name> <ip> <port>} or {@code <kind> <name> <ip> <port> @ <master> <ip> <port>}).
 *
 * @param kind master, replica or sentinel
 * @param name master name, replica {@code ip:port}, or peer run id
 * @param address the instance's address
 * @param master the master's name (the instance's own name for masters)
 * @param masterAddress the master's address at the time of the event
 */
public record InstanceRef(Kind kind, String name, Address address, String master, Address masterAddress) {
    /** The three kinds of instance a sentinel tracks. */
    public enum Kind { MASTER, REPLICA, SENTINEL }

    /** Redis' details text for this instance. */
    @Override
    public String toString() {
        String k = kind == Kind.MASTER ? "master" : kind == Kind.REPLICA ? "slave" : "sentinel";
        String base = k + " " + name + " " + address.host() + " " + address.port();
        return kind == Kind.MASTER ? base
                : base + " @ " + master + " " + masterAddress.host() + " " + masterAddress.port();
    }
}
