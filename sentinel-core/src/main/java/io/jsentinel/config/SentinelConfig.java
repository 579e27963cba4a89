package io.jsentinel.config;

import java.util.List;

/**
 * The sentinel's configuration and persisted state: global {@code sentinel} directives, the server
 * settings the sentinel uses, and the masters.
 *
 * @param myId 40 hex characters, or null when the file has none yet (one is generated at start)
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
        List<MasterConfig> masters) {

    public SentinelConfig {
        masters = List.copyOf(masters == null ? List.of() : masters);
        server = server == null ? ServerSettings.defaults() : server;
    }

    /** No masters, Redis defaults. */
    public static SentinelConfig defaults() {
        return new SentinelConfig(null, 0, true, false, false, null, 0, null, null, ServerSettings.defaults(), List.of());
    }
}
