package io.jsentinel.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which sentinel implementation a node runs. The system property {@code it.kinds} (comma-separated, default
 * {@code REAL,JSENTINEL}) limits the kinds tests use, e.g. {@code -Dit.kinds=REAL} to validate the harness
 * and the tests against the real binary alone.
 */
public enum SentinelKind {
    /** The real {@code redis-sentinel} 7.0.15 on PATH. */
    REAL,
    /** Our shaded jar, {@code java -jar redis-sentinel.jar <conf>}. */
    JSENTINEL;

    /** The kinds enabled for this run. */
    public static List<SentinelKind> enabled() {
        String prop = System.getProperty("it.kinds", "REAL,JSENTINEL");
        return Arrays.stream(prop.split(","))
                .map(s -> s.trim().toUpperCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .map(SentinelKind::valueOf)
                .distinct()
                .toList();
    }

    public static boolean isEnabled(SentinelKind kind) {
        return enabled().contains(kind);
    }

    /** True when every kind in {@code group} is enabled. */
    public static boolean allEnabled(List<SentinelKind> group) {
        return enabled().containsAll(group);
    }

    /**
     * The implementation compared against the real one: JSENTINEL, or REAL itself when JSENTINEL is
     * disabled (which checks that the comparison logic passes on two identical implementations).
     */
    public static SentinelKind candidate() {
        return isEnabled(JSENTINEL) ? JSENTINEL : REAL;
    }

    /** The jar path from the {@code jsentinel.jar} property set by failsafe. */
    public static Path jar() {
        String prop = System.getProperty("jsentinel.jar");
        Path jar = prop != null ? Path.of(prop)
                : Path.of(System.getProperty("basedir", "."), "..", "sentinel-server", "target", "redis-sentinel.jar");
        jar = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("jsentinel jar not found at " + jar
                    + " (run mvn package on sentinel-server, or -Dit.kinds=REAL)");
        }
        return jar;
    }

    /** A short label for node names and test display names. */
    public String label() {
        return this == REAL ? "real" : "jsent";
    }
}
