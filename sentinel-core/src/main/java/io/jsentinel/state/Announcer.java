package io.jsentinel.state;

import io.jsentinel.config.ConfigValidation;
import io.jsentinel.link.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How an address is shown to clients, peers, nodes and the config file. Redis keeps each address as the
 * name it was given plus the IP that name resolved to, and shows the name only with
 * {@code announce-hostnames yes}; otherwise the IP, in replies, events, hellos, SLAVEOF and the rewrite.
 *
 * <p>Names are looked up once, and again whenever a command link to them is re-opened, as Redis re-resolves
 * before each reconnect; the last good answer stays until a new one comes. How they are looked up is a
 * {@link Lookup}: in a running sentinel off the loop, its answers handed back to the loop, so until a name's
 * first answer arrives it is shown as written (Redis, which resolves on its only thread, would wait); in tests
 * and the simulation a plain function, answered at once. Loop thread only.
 */
public final class Announcer {
    private static final int MAX_NAMES = 1024;

    /** Looks names up for the announcer. */
    @FunctionalInterface
    public interface Lookup {
        /**
         * Asks for the IP of {@code host}. {@code answer} takes it (null: not resolved) on the loop thread, either
         * before this returns or later, as a task of its own; never on another thread.
         */
        void lookup(String host, Consumer<String> answer);
    }

    private final SentinelState state;
    private Lookup lookup;
    /** The last good answer per name, least recently used first (names come from nodes' INFO too). */
    private final Map<String, String> resolved = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_NAMES;
        }
    };
    /** Names asked for and not answered yet: asked once, however often they are shown meanwhile. */
    private final Set<String> asking = new HashSet<>();
    private Consumer<String> firstAnswers = host -> { };

    public Announcer(SentinelState state) {
        this(state, Announcer::resolveWithJdk);
    }

    /** @param resolver a host name to its IP, or null when it does not resolve; called on the loop */
    public Announcer(SentinelState state, Function<String, String> resolver) {
        this.state = state;
        resolveWith(resolver);
    }

    /** Replaces the name lookup with a function answered at once, forgetting every answer (tests). */
    public void resolveWith(Function<String, String> resolver) {
        lookUpWith((host, answer) -> answer.accept(resolver.apply(host)));
        resolved.clear();
    }

    /** Replaces the name lookup, keeping the answers known so far (a running sentinel's, after loading). */
    public void lookUpWith(Lookup names) {
        this.lookup = names;
        asking.clear();
    }

    /** Called on the loop with each name whose first answer came after it was asked for. */
    public void whenFirstResolved(Consumer<String> hook) {
        this.firstAnswers = hook;
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
     * (which otherwise accepts IP literals only); a name that has no answer (yet) is shown as written (Redis
     * would show an empty address for a master accepted unresolved).
     */
    public String ip(String host) {
        // remembered names and literals (as themselves): no parsing on every event and published address
        String ip = resolved.get(host);
        if (ip != null) {
            return ip;
        }
        if (ConfigValidation.isIpLiteral(host)) {
            resolved.put(host, host);
            return host;
        }
        if (!state.resolveHostnames) {
            return host;
        }
        ask(host);
        ip = resolved.get(host);  // a lookup that answers at once has answered
        return ip != null ? ip : host;
    }

    /**
     * Whether {@code host} stands for a known IP: a literal, or a name with an answer (asking for one if not).
     * Redis skips a replica whose name it cannot resolve; so do we while it has no answer.
     */
    public boolean resolved(String host) {
        return !ip(host).equals(host) || ConfigValidation.isIpLiteral(host);
    }

    private void ask(String host) {
        if (!asking.add(host)) {
            return;
        }
        boolean[] returned = {false};
        lookup.lookup(host, answer -> {
            asking.remove(host);
            if (answer == null) {
                return;  // a name that stops resolving keeps its last good answer
            }
            boolean first = resolved.put(host, answer) == null;
            if (first && returned[0]) {
                firstAnswers.accept(host);
            }
        });
        returned[0] = true;
    }

    /** Whether {@code host} names the same node as {@code addr}: the same name, or the same IP. */
    public boolean sameHost(Endpoint addr, String host) {
        return host != null && (addr.host().equalsIgnoreCase(host) || ip(addr.host()).equalsIgnoreCase(ip(host)));
    }

    /**
     * Looks {@code host} up again (Redis re-resolves a name before reconnecting); what it is shown as stays the
     * last good answer until the new one comes.
     */
    public void refresh(String host) {
        if (state.resolveHostnames && !ConfigValidation.isIpLiteral(host)) {
            ask(host);
        }
    }

    private static String resolveWithJdk(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
