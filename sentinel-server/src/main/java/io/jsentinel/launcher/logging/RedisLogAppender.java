package io.jsentinel.launcher.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes each formatted line to stdout (Redis' {@code logfile ""}) or appends it to a file that is opened
 * and closed for every line, as Redis does. Reopening per line is what lets Debian's logrotate rule for
 * redis-sentinel (no {@code copytruncate}, no signal) rotate our log too: after a rename the next line
 * creates a fresh file at the configured path. Sentinel logs are low-volume, so the cost is negligible.
 */
public final class RedisLogAppender extends AppenderBase<ILoggingEvent> {
    private final Layout<ILoggingEvent> layout;
    private final Path file;
    private final PrintStream stdout;
    private boolean reportedFailure;

    /** Appends to {@code file}, or writes to {@code stdout} when {@code file} is null. */
    public RedisLogAppender(Layout<ILoggingEvent> layout, Path file, PrintStream stdout) {
        this.layout = layout;
        this.file = file;
        this.stdout = stdout;
        setName(file == null ? "redis-stdout" : "redis-file");
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] bytes = layout.doLayout(event).getBytes(StandardCharsets.UTF_8);
        if (file == null) {
            stdout.write(bytes, 0, bytes.length);
            stdout.flush();
            return;
        }
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            reportedFailure = false;
        } catch (IOException e) {
            // Redis silently drops the line when the log file cannot be opened; say it once on the status stream.
            if (!reportedFailure) {
                addError("cannot append to log file " + file, e);
                reportedFailure = true;
            }
        }
    }
}
