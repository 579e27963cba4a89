package io.jsentinel.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** TEMPORARY STAND-IN (see ConfigException): saves nothing; only the start-up checks are real. */
public final class FileConfigStore implements ConfigStore {
    private final Path file;

    public FileConfigStore(Path file, ConfigDocument document) {
        this.file = file;
    }

    /** Redis' sentinelCheckConfigFile: throws with Redis' message when the file cannot hold state. */
    public static void checkWritable(Path file) throws ConfigException {
        if (file == null) {
            throw new ConfigException("Sentinel needs config file on disk to save state. Exiting...");
        }
        if (!Files.isWritable(file)) {
            throw new ConfigException("Sentinel config file " + file + " is not writable: Permission denied. Exiting...");
        }
    }

    @Override
    public void save(SentinelConfig config) {
        // the real store rewrites `file`
    }

    @Override
    public String toString() {
        return "FileConfigStore[" + file + "]";
    }
}
