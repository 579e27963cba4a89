package io.jsentinel.config;

import io.jsentinel.link.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jsentinel's {@code sentinel state-file} mode: the configuration (a {@code sentinel.conf} that configuration
 * management owns, or an embedder's settings) is only read, and what the sentinel learns at run time (its id,
 * epochs, master addresses after failovers, replicas and peers) goes to a state file of its own, written as
 * {@link FileConfigStore} writes sentinel.conf (temp file, fsync, rename, directory fsync). Since nothing
 * writes the configuration, {@link #persistsConfiguration()} is false and the commands that would change it
 * are refused. Not thread-safe: the sentinel loop is its only caller.
 */
public final class StateFileStore implements ConfigStore {
    private static final Logger LOG = LoggerFactory.getLogger(StateFileStore.class);

    private final Path path;
    private final Path configFile;
    /** Each master's address on its monitor line, which the saved state belongs to. */
    private final Map<String, Endpoint> configured = new LinkedHashMap<>();
    private final SentinelConfig initial;
    private final List<String> notes;

    private StateFileStore(Path path, Path configFile, SentinelConfig conf, StateFile.Merged merged) {
        this.path = path;
        this.configFile = configFile;
        conf.masters().forEach(m -> configured.put(m.name(), new Endpoint(m.host(), m.port())));
        this.initial = merged == null ? conf : merged.config();
        this.notes = merged == null ? List.of() : List.copyOf(merged.notes());
    }

    /**
     * Reads the state file {@code stateFile}, if there is one, over {@code conf} (the configuration alone, e.g.
     * {@link LoadedConfig#config()}); {@code configFile} (may be null) is only named in the state file's header.
     * A missing state file is a fresh start; one that cannot be read or parsed is an error naming it, never a
     * silent reset.
     */
    public static StateFileStore open(SentinelConfig conf, Path stateFile, Path configFile) throws ConfigException {
        Path p = stateFile.toAbsolutePath().normalize();
        String text;
        try {
            text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new StateFileStore(p, configFile, conf, null);
        } catch (IOException e) {
            throw ConfigException.stateFile(p, "Can't read it: " + ConfigLoader.osReason(e));
        }
        StateFile.Content content = StateFile.parse(p, text, conf.resolveHostnames());
        return new StateFileStore(p, configFile, conf, StateFile.merge(conf, content, p));
    }

    /**
     * The start-up check, in Redis' words for sentinel.conf: null when the state file can be written (replaced
     * in its directory), otherwise the message logged before exiting.
     */
    public static String checkWritable(Path stateFile) {
        Path abs = stateFile.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        String reason = null;
        if (Files.isDirectory(abs)) {
            reason = "Is a directory";
        } else if (dir == null || !Files.isDirectory(dir)) {
            reason = "No such file or directory";
        } else if (!Files.isWritable(dir) || (Files.exists(abs) && !Files.isWritable(abs))) {
            reason = "Permission denied";
        }
        return reason == null ? null : "Sentinel state file " + abs + " is not writable: " + reason + ". Exiting...";
    }

    /** The configuration with the saved state applied: what the sentinel starts from. */
    public SentinelConfig initialConfig() {
        return initial;
    }

    /** What loading discarded or overrode (an edited monitor line, an unmonitored master), one line each. */
    public List<String> notes() {
        return notes;
    }

    /** Logs {@link #notes()} at warning level (after the logging is set up). */
    public void logNotes() {
        notes.forEach(LOG::warn);
    }

    /** The state file, absolute. */
    public Path path() {
        return path;
    }

    @Override
    public void save(SentinelConfig config) throws IOException {
        if (config.myId() == null) {
            // a state file without an id is refused at the next start; there is always one after start()
            throw new IOException("no sentinel id to save yet");
        }
        FileConfigStore.writeAtomically(path, StateFile.render(config, configured, configFile));
    }

    @Override
    public boolean persistsConfiguration() {
        return false;
    }
}
