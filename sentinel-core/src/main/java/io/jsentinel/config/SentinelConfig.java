package io.jsentinel.config;

import java.util.List;

/**
 * The sentinel's configuration and persisted state: global {@code sentinel} directives, the server
 * settings the sentinel uses, and the masters.
 *
 * @param myId 40 hex characters, or null when the file has none yet (one is generated at start)
 * @param forgetStaleAfterMillis jsentinel's {@code sentinel forget-stale-after-milliseconds}: how long a peer or
 *     replica may go unseen before it is forgotten (docs/churn.md); 0, the default, keeps Redis' never-forget
 */
public record SentinelConfig(
        String myId,
        long currentEpoch,
        boolean denyScriptsReconfig,
        boolean resolveHostnames,
        boolean announceHostnames,
        String announceIp,
        int announcePort,
        String sentinelUser,
        String sentinelPass,
        ServerSettings server,
        List<MasterConfig> masters,
        long forgetStaleAfterMillis) {

    public SentinelConfig {
        masters = List.copyOf(masters == null ? List.of() : masters);
        server = server == null ? ServerSettings.defaults() : server;
    }

    /** Everything Redis' own directives hold, with jsentinel's extensions off. */
    public SentinelConfig(String myId, long currentEpoch, boolean denyScriptsReconfig, boolean resolveHostnames,
                          boolean announceHostnames, String announceIp, int announcePort, String sentinelUser,
                          String sentinelPass, ServerSettings server, List<MasterConfig> masters) {
        this(myId, currentEpoch, denyScriptsReconfig, resolveHostnames, announceHostnames, announceIp, announcePort,
                sentinelUser, sentinelPass, server, masters, 0);
    }

    /** The same configuration with another forgetting period. */
    public SentinelConfig withForgetStaleAfterMillis(long millis) {
        return new SentinelConfig(myId, currentEpoch, denyScriptsReconfig, resolveHostnames, announceHostnames,
                announceIp, announcePort, sentinelUser, sentinelPass, server, masters, millis);
    }

    /** No masters, Redis defaults. */
    public static SentinelConfig defaults() {
        return new SentinelConfig(null, 0, true, false, false, null, 0, null, null, ServerSettings.defaults(), List.of());
    }
}
