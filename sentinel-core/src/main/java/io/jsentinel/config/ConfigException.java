package io.jsentinel.config;

import java.nio.file.Path;

/**
 * A configuration error that stops start-up. {@link #getMessage()} is the text Redis 7.0.15 prints:
 *
 * <pre>
 * *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
 * Reading the configuration file, at line &lt;n&gt;
 * &gt;&gt;&gt; '&lt;line&gt;'
 * &lt;reason&gt;
 * </pre>
 *
 * (without the line part when the error belongs to no line, such as an unopenable log file; a missing
 * config or include file gives Redis' one-line "Fatal error, can't open config file" text instead).
 * Redis writes a newline before and after it on stderr: see {@link #stderrText()}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final int lineNumber;
    private final String line;
    private final String reason;

    private ConfigException(String message, Path path, int lineNumber, String line, String reason) {
        super(message);
        this.path = path;
        this.lineNumber = lineNumber;
        this.line = line;
        this.reason = reason;
    }

    /** An error at {@code lineNumber} (1-based) of {@code path}; {@code line} as trimmed by Redis. */
    public static ConfigException atLine(Path path, int lineNumber, String line, String reason) {
        String msg = "*** FATAL CONFIG FILE ERROR (Redis " + Defaults.REDIS_VERSION + ") ***\n"
                + "Reading the configuration file, at line " + lineNumber + "\n"
                + ">>> '" + line + "'\n"
                + reason;
        return new ConfigException(msg, path, lineNumber, line, reason);
    }

    /** An error found after all lines were read (e.g. the log file cannot be opened). */
    public static ConfigException general(Path path, String reason) {
        String msg = "*** FATAL CONFIG FILE ERROR (Redis " + Defaults.REDIS_VERSION + ") ***\n" + reason;
        return new ConfigException(msg, path, 0, null, reason);
    }

    /**
     * An error at {@code lineNumber} of the state file {@code path} (jsentinel's {@code sentinel state-file}):
     * Redis' frame, with the file named, since it is not the config file the operator started the sentinel with.
     */
    public static ConfigException inStateFile(Path path, int lineNumber, String line, String reason) {
        String msg = "*** FATAL CONFIG FILE ERROR (Redis " + Defaults.REDIS_VERSION + ") ***\n"
                + "Reading the state file " + path + ", at line " + lineNumber + "\n"
                + ">>> '" + line + "'\n"
                + reason;
        return new ConfigException(msg, path, lineNumber, line, reason);
    }

    /** An error of the state file {@code path} as a whole. */
    public static ConfigException stateFile(Path path, String reason) {
        String msg = "*** FATAL CONFIG FILE ERROR (Redis " + Defaults.REDIS_VERSION + ") ***\n"
                + "Reading the state file " + path + "\n"
                + reason;
        return new ConfigException(msg, path, 0, null, reason);
    }

    /** A config or include file that cannot be read. */
    public static ConfigException cannotOpen(Path path, String file, String osReason) {
        String reason = "Fatal error, can't open config file '" + file + "': " + osReason;
        return new ConfigException(reason, path, 0, null, reason);
    }

    /** The file the error is in (the included file for errors inside an include), or null for a string. */
    public Path path() {
        return path;
    }

    /** 1-based line number counted as Redis does (argv options continue the main file), 0 for none. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line, trimmed, or null. */
    public String line() {
        return line;
    }

    /** The last line of the message, e.g. {@code Bad directive or wrong number of arguments}. */
    public String reason() {
        return reason;
    }

    /** Exactly what redis-server writes to stderr for this error. */
    public String stderrText() {
        return lineNumber > 0 || getMessage().startsWith("***") ? "\n" + getMessage() + "\n" : getMessage() + "\n";
    }
}
