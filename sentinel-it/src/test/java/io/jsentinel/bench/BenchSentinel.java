package io.jsentinel.bench;

import io.jsentinel.it.support.EventRecorder;
import io.jsentinel.it.support.ManagedProcess;
import io.jsentinel.it.support.SentinelKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A sentinel process for benchmarks. Unlike the integration tests' node, our jar is started through the shipped
 * launcher script (its flags and environment) unless a variant passes its own flags, so the figures describe
 * what users run.
 */
public final class BenchSentinel extends ManagedProcess {
    private static final List<String> FALLBACK_FLAGS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms6m",
            "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Xshare:auto");

    private final SentinelKind kind;
    private final Path conf;
    private final List<String> jvmFlags;
    private final boolean recordEvents;
    private final EventRecorder events = new EventRecorder();
    private Duration readinessPoll = Duration.ofMillis(50);
    private Duration startupLimit = Duration.ofSeconds(60);

    /**
     * @param confText     the sentinel.conf text; {@code %PORT%} becomes the listen port
     * @param jvmFlags     for JSENTINEL: the JVM flags, or null for the launcher's
     * @param recordEvents subscribe with {@code PSUBSCRIBE *} after start-up
     */
    public BenchSentinel(SentinelKind kind, int port, String confText, List<String> jvmFlags, boolean recordEvents) {
        super("bench-" + kind.label(), port);
        this.kind = kind;
        this.conf = dir.resolve("sentinel.conf");
        this.jvmFlags = jvmFlags == null ? null : List.copyOf(jvmFlags);
        this.recordEvents = recordEvents;
        try {
            Files.writeString(conf, confText.replace("%PORT%", Integer.toString(port)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped launcher script, which a sentinel with the launcher's flags is started through. */
    static Path launcherScript() {
        return Path.of(System.getProperty("basedir", "."), "..", "sentinel-server", "bin", "redis-sentinel")
                .toAbsolutePath().normalize();
    }

    /**
     * What the launcher script runs, from its dry run ({@code JSENTINEL_DRY_RUN=1}): the environment it sets
     * ({@code NAME=value} words before the java command) and the JVM flags (words between the java command and
     * {@code -jar}). A fixed copy of the flags if the script cannot be run.
     */
    record LauncherCommand(List<String> environment, List<String> flags) {
    }

    /** The JVM flags the launcher script uses (see {@link #launcherCommand()}). */
    public static List<String> launcherFlags() {
        return launcherCommand().flags();
    }

    /**
     * Asked afresh each time (the flags change once the launcher has made its class-data archive), with the
     * same JAVA_HOME and jar as {@link #commandFor} gives the script.
     */
    public static LauncherCommand launcherCommand() {
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", launcherScript().toString(), "sentinel.conf");
            pb.environment().put("JSENTINEL_DRY_RUN", "1");
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JSENTINEL_JAR", SentinelKind.jar().toString());
            pb.environment().remove("JSENTINEL_JAVA_OPTS");
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0) {
                List<String> env = new ArrayList<>();
                List<String> flags = new ArrayList<>();
                boolean seenJava = false;
                for (String word : out.split("\\s+")) {
                    if (!seenJava && word.matches("[A-Z_]+=.*")) {
                        env.add(word);
                    } else if (!seenJava) {
                        seenJava = true;
                    } else if (word.equals("-jar")) {
                        return new LauncherCommand(List.copyOf(env), List.copyOf(flags));
                    } else {
                        flags.add(word);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the copy
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new LauncherCommand(List.of(), FALLBACK_FLAGS);
    }

    /**
     * The full command line for {@code kind} with {@code flags} (JSENTINEL only) and {@code conf}: our jar run by
     * java with the launcher's environment and the given flags, or, when {@code flags} is null, through the
     * launcher script itself (it {@code exec}s java, so the pid stays the JVM's).
     */
    static List<String> commandFor(SentinelKind kind, List<String> flags, Path conf) {
        List<String> cmd = new ArrayList<>();
        if (kind == SentinelKind.REAL) {
            cmd.add("redis-sentinel");
        } else if (flags == null) {
            cmd.add("env");
            cmd.add("JAVA_HOME=" + System.getProperty("java.home"));
            cmd.add("JSENTINEL_JAR=" + SentinelKind.jar());
            cmd.add("sh");
            cmd.add(launcherScript().toString());
        } else {
            cmd.add("env");
            cmd.addAll(launcherCommand().environment());
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(flags);
            cmd.add("-jar");
            cmd.add(SentinelKind.jar().toString());
        }
        cmd.add(conf.toString());
        return cmd;
    }

    @Override
    protected List<String> command() {
        return commandFor(kind, jvmFlags, conf);
    }

    @Override
    protected Duration startTimeout() {
        return startupLimit;
    }

    @Override
    protected Duration readinessPollInterval() {
        return readinessPoll;
    }

    /**
     * For timing start-up itself ({@link #lastStartup()}): checks PING every {@code interval} while starting and
     * gives up after {@code timeout}.
     */
    public BenchSentinel timingStartup(Duration interval, Duration timeout) {
        this.readinessPoll = interval;
        this.startupLimit = timeout;
        return this;
    }

    /** Starts, waits for PING and (if asked) subscribes the recorder. */
    public BenchSentinel start() {
        launch();
        return this;
    }

    @Override
    protected void afterStart() {
        if (recordEvents) {
            // a sentinel busy with many masters may miss the 5 s read timeout of one PSUBSCRIBE: try again
            for (int attempt = 1; ; attempt++) {
                try {
                    events.subscribe(port, toString());
                    break;
                } catch (RuntimeException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    protected void afterStop() {
        events.close();
    }

    public SentinelKind kind() {
        return kind;
    }

    public EventRecorder events() {
        return events;
    }

    @Override
    public String toString() {
        return "bench-" + kind.label() + "@127.0.0.1:" + port;
    }
}
