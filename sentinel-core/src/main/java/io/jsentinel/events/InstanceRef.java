package io.jsentinel.events;


/**
 * The instance an event is about, as of the event. Addresses are the ones the sentinel announces (the IP
 * unless {@code announce-hostnames yes}), as in Redis' details text.
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

    /**
     * Redis' details text for this instance: {@code master <name> <ip> <port>}, or
     * {@code <slave|sentinel> <name> <ip> <port> @ <master> <ip> <port>}.
     */
    @Override
    public String toString() {
        return EventText.details(this);
    }
}
