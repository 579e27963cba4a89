package io.jsentinel.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a sentinel is open to anyone on the network: it listens on an address other than loopback and its
 * default user needs no password. That is redis-sentinel's default (and the usual deployment), and it lets
 * any client reconfigure the sentinel, so jsentinel keeps the default but says so loudly: at start-up, in
 * {@code /health} and as a metric (docs/security.md).
 */
public final class OpenAccess {
    private OpenAccess() {
    }

    /**
     * The warning for these bind addresses (empty: Redis' default {@code * -::*}) and the default user's
     * state, or null when the sentinel is not open.
     */
    public static String warning(List<String> bind, boolean defaultNeedsAuth) {
        if (defaultNeedsAuth) {
            return null;
        }
        List<String> open = new ArrayList<>();
        for (String spec : bind.isEmpty() ? List.of("*", "-::*") : bind) {
            String addr = spec.startsWith("-") ? spec.substring(1) : spec;
            if (!isLoopback(addr)) {
                open.add(addr);
            }
        }
        if (open.isEmpty()) {
            return null;
        }
        return "this sentinel listens on " + String.join(" ", open) + " and its default user needs no password: "
                + "anyone who can reach it can run SENTINEL SET, MONITOR, REMOVE, FAILOVER and ACL SETUSER. "
                + "Add a 'requirepass <password>' line, or 'user' lines for the clients and 'user default off'";
    }

    static boolean isLoopback(String addr) {
        String a = addr.toLowerCase(Locale.ROOT);
        return a.startsWith("127.") || a.equals("::1") || a.equals("localhost");
    }
}
