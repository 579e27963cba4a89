package io.jsentinel.events;

import java.util.Objects;

/**
 * A host and a TCP port, as sentinels report them (an IP, or a hostname with {@code announce-hostnames}).
 *
 * @param host the IP address or hostname, never null
 * @param port the TCP port
 */
public record Address(String host, int port) {
    /** Checks the host is present and the port in 0..65535. */
    public Address {
        Objects.requireNonNull(host, "host must not be null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, with IPv6 hosts in brackets. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
