package io.jsentinel.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code daemonize yes} for a JVM, which cannot fork: the launcher starts a copy of its own command line
 * (under {@code setsid} when available, so it leaves the terminal's session), with stdin, stdout and
 * stderr on /dev/null, and exits 0 at once, as the Redis parent does after {@code fork()}. The copy is
 * marked by {@link #CHILD_ENV}, does not daemonize again, and writes the pidfile with its own pid.
 */
public final class Daemonizer {
    /** Set in the environment of the background copy. */
    public static final String CHILD_ENV = "JSENTINEL_DAEMONIZED";

    private Daemonizer() {
    }

    /** True in the background copy. */
    public static boolean isChild(Map<String, String> env) {
        return "1".equals(env.get(CHILD_ENV));
    }

    /** The command that starts a copy of this process: setsid (if found) + java + its arguments. */
    public static List<String> childCommand(ProcessHandle.Info info, Optional<Path> setsid) {
        List<String> cmd = new ArrayList<>();
        setsid.ifPresent(p -> cmd.add(p.toString()));
        cmd.add(info.command().orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(info.arguments().orElseThrow(
                () -> new IllegalStateException("cannot read this process' arguments to daemonize"))));
        return cmd;
    }

    /** The first executable {@code setsid} on {@code PATH}. */
    public static Optional<Path> findSetsid(String pathEnv) {
        if (pathEnv == null) {
            return Optional.empty();
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "setsid");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts the background copy; returns its pid. */
    public static long spawn(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(CHILD_ENV, "1");
        File devNull = new File("/dev/null");
        pb.redirectInput(ProcessBuilder.Redirect.from(devNull));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(devNull));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(devNull));
        return pb.start().pid();
    }
}
