package io.jsentinel.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from the Redis directives {@code loglevel} and {@code logfile}; no logback.xml is
 * involved. Third-party libraries (Netty, Lettuce, Reactor, Micrometer) stay at WARN unless
 * {@code loglevel debug}, so that {@code verbose} shows sentinel messages only, as in Redis.
 */
public final class LogSetup {
    /** Loggers of libraries that are quiet unless {@code loglevel debug}. */
    public static final List<String> THIRD_PARTY =
            List.of("io.netty", "io.lettuce", "reactor", "io.micrometer", "io.prometheus", "redis.clients");

    private LogSetup() {
    }

    /**
     * The root level for a Redis {@code loglevel} value (case-insensitive).
     *
     * @throws IllegalArgumentException for anything but debug, verbose, notice, warning, nothing
     */
    public static Level levelFor(String loglevel) {
        return switch (loglevel == null ? "notice" : loglevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.TRACE;
            case "verbose" -> Level.DEBUG;
            case "notice" -> Level.INFO;
            case "warning" -> Level.WARN;
            case "nothing" -> Level.OFF;
            default -> throw new IllegalArgumentException("loglevel: " + loglevel
                    + " (expected: debug, verbose, notice, warning, nothing)");
        };
    }

    /** Reconfigures the running Logback context; {@code logfile} null or empty means stdout. */
    public static void apply(String loglevel, String logfile) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            apply(context, loglevel, logfile, System.out);
        }
    }

    /** Replaces every appender and level of {@code context}. */
    public static void apply(LoggerContext context, String loglevel, String logfile, PrintStream stdout) {
        Level root = levelFor(loglevel);
        context.reset();
        RedisLogLayout layout = new RedisLogLayout();
        layout.setContext(context);
        layout.start();
        Path file = logfile == null || logfile.isEmpty() ? null : Path.of(logfile);
        RedisLogAppender appender = new RedisLogAppender(layout, file, stdout);
        appender.setContext(context);
        appender.start();
        Logger rootLogger = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLogger.setLevel(root);
        rootLogger.addAppender(appender);
        // Only verbose and notice need capping: debug shows everything, warning and nothing already cap.
        boolean quietLibraries = root == Level.DEBUG || root == Level.INFO;
        for (String name : THIRD_PARTY) {
            context.getLogger(name).setLevel(quietLibraries ? Level.WARN : null);
        }
    }

    /**
     * Checks, like Redis at config time, that the log file can be opened for appending.
     *
     * @throws IOException with the reason when it cannot
     */
    public static void checkLogfile(String logfile) throws IOException {
        if (logfile == null || logfile.isEmpty()) {
            return;
        }
        Files.newOutputStream(Path.of(logfile), StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
    }
}
