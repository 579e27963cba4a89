package io.jsentinel.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code pidfile}: the process id and a newline, written at start and removed at exit, as Redis does.
 * Redis writes {@code /var/run/redis.pid} when daemonized without a {@code pidfile}.
 */
public final class PidFile {
    /** Redis' CONFIG_DEFAULT_PID_FILE. */
    public static final String DEFAULT_PATH = "/var/run/redis.pid";

    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /** Writes {@code pid + "\n"} to {@code path}, replacing any old content. */
    public static PidFile write(Path path, long pid) throws IOException {
        Files.write(path, (pid + "\n").getBytes(StandardCharsets.US_ASCII));
        return new PidFile(path);
    }

    public Path path() {
        return path;
    }

    /** Deletes the file; true when it existed. Never throws: this runs on the way out. */
    public boolean remove() {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
