package io.jsentinel.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/** Temp directories for nodes, all under {@code sentinel-it/target/it-work/<run>/} so logs survive the run. */
public final class WorkDirs {
    private static final Path RUN_DIR = Path.of(System.getProperty("basedir", "."), "target", "it-work",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
    private static final AtomicInteger SEQ = new AtomicInteger();

    private WorkDirs() {
    }

    /** A new empty directory named {@code <seq>-<name>}. */
    public static Path create(String name) {
        Path dir = RUN_DIR.resolve(String.format("%03d-%s", SEQ.incrementAndGet(), name));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path runDir() {
        return RUN_DIR;
    }
}
