package io.jsentinel.state;

import io.jsentinel.config.ConfigValidation;
import io.jsentinel.link.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How an address is shown to clients, peers, nodes and the config file. Redis keeps each address as the
 * name it was given plus the IP that name resolved to, and shows the name only with
 * {@code announce-hostnames yes}; otherwise the IP, in replies, events, hellos, SLAVEOF and the rewrite.
 * Names are resolved once and again whenever a command link to them is re-opened, as Redis re-resolves
 * before each reconnect. Loop thread only.
 */
public final class Announcer {
    private final SentinelState state;
    private Function<String, String> resolver;
    private static final int MAX_NAMES = 1024;
    private final Map<String, String> resolved = new HashMap<>();

    public Announcer(SentinelState state) {
        this(state, Announcer::resolveWithJdk);
    }

    /** @param resolver a host name to its IP, or null when it does not resolve */
    public Announcer(SentinelState state, Function<String, String> resolver) {
        this.state = state;
        this.resolver = resolver;
    }

    /** Replaces the name lookup (tests: no DNS query leaves the machine). */
    public void resolveWith(Function<String, String> lookup) {
        this.resolver = lookup;
        resolved.clear();
    }

    /** The host part of {@code addr} as this sentinel announces it. */
    public String host(Endpoint addr) {
        return state.announceHostnames ? addr.host() : ip(addr.host());
    }

    /** {@code addr} with its announced host. */
    public Endpoint endpoint(Endpoint addr) {
        String host = host(addr);
        return host.equals(addr.host()) ? addr : new Endpoint(host, addr.port());
    }

    /**
     * The IP a host name resolves to. Names are looked up only with {@code resolve-hostnames yes}, as Redis
     * (which otherwise accepts IP literals only); a name that does not resolve is shown as written (Redis
     * would show an empty address for a master accepted unresolved).
     */
    public String ip(String host) {
        // remembered names and literals (as themselves): no parsing on every event and published address
        String ip = resolved.get(host);
        if (ip != null) {
            return ip;
        }
        if (ConfigValidation.isIpLiteral(host)) {
            remember(host, host);
            return host;
        }
        if (!state.resolveHostnames) {
            return host;
        }
        ip = resolver.apply(host);
        if (ip == null) {
            return host;
        }
        remember(host, ip);
        return ip;
    }

    private void remember(String host, String ip) {
        if (resolved.size() >= MAX_NAMES) {
            resolved.clear();  // names come from nodes' INFO too: keep a hostile one from growing this
        }
        resolved.put(host, ip);
    }

    /** Whether {@code host} names the same node as {@code addr}: the same name, or the same IP. */
    public boolean sameHost(Endpoint addr, String host) {
        return host != null && (addr.host().equalsIgnoreCase(host) || ip(addr.host()).equalsIgnoreCase(ip(host)));
    }

    /** Forgets what {@code host} resolved to, so that its next use resolves it again. */
    public void forget(String host) {
        resolved.remove(host);
    }

    private static String resolveWithJdk(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
