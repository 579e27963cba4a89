package io.jsentinel.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic (non-{@code sentinel}) directives a sentinel acts on (protocol doc §9.3).
 *
 * @param bind addresses to listen on; empty means Redis' default {@code * -::*}
 * @param userLines raw arguments of each {@code user} directive, for ACL setup
 * @param loglevel one of debug, verbose, notice, warning, nothing
 * @param metricsPort HTTP port for /metrics and /health, 0 when off (ours, not Redis')
 * @param generic the effective arguments of every other standard directive that was set (last one wins;
 *     lower-case name as written, e.g. {@code tls-port}, {@code aclfile}, {@code tls-replication}), in
 *     first-seen order; rewritten with these values
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
        int metricsPort,
        Map<String, List<String>> generic) {

    public ServerSettings {
        bind = List.copyOf(bind == null ? List.of() : bind);
        userLines = userLines == null ? List.of() : userLines.stream().map(List::copyOf).toList();
        Map<String, List<String>> g = new LinkedHashMap<>();
        if (generic != null) {
            generic.forEach((k, v) -> g.put(k, List.copyOf(v)));
        }
        generic = Collections.unmodifiableMap(g);
    }

    /** The skeleton's constructor, without generic directives. */
    public ServerSettings(int port, List<String> bind, boolean protectedMode, String requirepass,
            List<List<String>> userLines, String logfile, String loglevel, String pidfile, boolean daemonize,
            String dir, int metricsPort) {
        this(port, bind, protectedMode, requirepass, userLines, logfile, loglevel, pidfile, daemonize, dir,
                metricsPort, Map.of());
    }

    public static ServerSettings defaults() {
        return new ServerSettings(Defaults.PORT, List.of(), false, null, List.of(), "", "notice", null, false, null, 0);
    }

    /** The same settings with other {@code user} lines (the ACL users as they are at run time). */
    public ServerSettings withUserLines(List<List<String>> lines) {
        return new ServerSettings(port, bind, protectedMode, requirepass, lines, logfile, loglevel, pidfile, daemonize,
                dir, metricsPort, generic);
    }

    /**
     * Where a path the sentinel opens after start-up points to. Redis {@code chdir}s into {@code dir} while it
     * reads the config, so every relative path it later opens (log file, pid file, scripts, TLS files)
     * resolves against that directory; a JVM cannot change its directory, so we resolve explicitly.
     */
    public Path resolve(String path) {
        return resolveIn(dir, path);
    }

    /** {@code path} resolved against {@code dir} (the process directory when {@code dir} is null). */
    public static Path resolveIn(String dir, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || dir == null ? p : Path.of(dir).resolve(p);
    }

    /** The effective arguments of a generic directive, or null when it was never set. */
    public List<String> genericArgs(String name) {
        return generic.get(name);
    }
}
