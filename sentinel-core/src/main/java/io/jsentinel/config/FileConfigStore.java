package io.jsentinel.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Persists the configuration by rewriting {@code sentinel.conf} as Redis does: the new text goes to a
 * temporary file in the same directory, is forced to disk, renamed over the original, and the directory is
 * forced too. Not thread-safe: the sentinel loop is its only caller.
 */
public final class FileConfigStore implements ConfigStore {
    private final Path path;
    private ConfigDocument document;

    /** A store for {@code path}, whose current text is {@code document}. */
    public FileConfigStore(Path path, ConfigDocument document) {
        this.path = Objects.requireNonNull(path).toAbsolutePath();
        this.document = Objects.requireNonNull(document);
    }

    /** A store over a loaded config ({@link LoadedConfig#document()} must have a path). */
    public static FileConfigStore of(LoadedConfig loaded) {
        return new FileConfigStore(Objects.requireNonNull(loaded.document().path(), "document has no path"),
                loaded.document());
    }

    /**
     * Redis' start-up check: null when {@code path} can hold the sentinel's state, otherwise the message
     * Redis logs before exiting.
     */
    public static String checkWritable(Path path) {
        if (path == null) {
            return "Sentinel needs config file on disk to save state. Exiting...";
        }
        Path abs = path.toAbsolutePath();
        if (!Files.exists(abs)) {
            return "Sentinel config file " + abs + " is not writable: No such file or directory. Exiting...";
        }
        if (!Files.isWritable(abs)) {
            return "Sentinel config file " + abs + " is not writable: Permission denied. Exiting...";
        }
        return null;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The text last written (or loaded). */
    public ConfigDocument document() {
        return document;
    }

    @Override
    public void save(SentinelConfig config) throws IOException {
        String text = document.rewrite(config);
        writeAtomically(path, text);
        document = document.withContent(text);
    }

    /** Replaces {@code target} with {@code text} durably: temp file, fsync, atomic rename, directory fsync. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.getParent() == null ? Path.of(".") : target.getParent();
        Path tmp = dir.resolve("temp-" + ProcessHandle.current().pid() + "-" + target.getFileName());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            copyPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        fsyncDirectory(dir);
    }

    private static void copyPermissions(Path from, Path to) {
        try {
            if (Files.exists(from)) {
                Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // keeping the default mode is harmless; Redis does the same with fchmod failing
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories; the rename itself already happened
        }
    }
}
