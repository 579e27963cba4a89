package io.jsentinel.config;

import java.nio.file.Path;

/**
 * The result of loading {@code sentinel.conf}: the model, the document to rewrite it from, and the state file
 * a {@code sentinel state-file} line names (absolute; null when there is none, and the file is then rewritten
 * as Redis does). With a state file, {@link #config()} is the file's alone: {@link StateFileStore#open} adds
 * the saved state.
 */
public record LoadedConfig(SentinelConfig config, ConfigDocument document, Path stateFile) {
    /** A config without a state file. */
    public LoadedConfig(SentinelConfig config, ConfigDocument document) {
        this(config, document, null);
    }
}
