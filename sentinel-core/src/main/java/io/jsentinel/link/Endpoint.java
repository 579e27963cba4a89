package io.jsentinel.link;

/** A host (IP or name, IPv6 without brackets) and a port. */
public record Endpoint(String host, int port) {
    /** The {@code ip:port} name Redis gives a replica; IPv6 in brackets. */
    public String name() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return name();
    }
}
