package io.jsentinel.config;

import java.util.List;

/**
 * Generic (non-{@code sentinel}) directives a sentinel acts on (protocol doc §9.3).
 *
 * @param bind addresses to listen on; empty means Redis' default {@code * -::*}
 * @param userLines raw arguments of each {@code user} directive, for ACL setup
 * @param loglevel one of debug, verbose, notice, warning, nothing
 * @param metricsPort HTTP port for /metrics and /health, 0 when off (ours, not Redis')
 */
public record ServerSettings(
        int port,
        List<String> bind,
        boolean protectedMode,
        String requirepass,
        List<List<String>> userLines,
        String logfile,
        String loglevel,
        String pidfile,
        boolean daemonize,
        String dir,
        int metricsPort) {

    public ServerSettings {
        bind = List.copyOf(bind == null ? List.of() : bind);
        userLines = userLines == null ? List.of() : userLines.stream().map(List::copyOf).toList();
    }

    public static ServerSettings defaults() {
        return new ServerSettings(Defaults.PORT, List.of(), false, null, List.of(), "", "notice", null, false, null, 0);
    }
}
