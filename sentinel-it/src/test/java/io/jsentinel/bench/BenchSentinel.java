package io.jsentinel.bench;

import io.jsentinel.it.support.EventRecorder;
import io.jsentinel.it.support.ManagedProcess;
import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sentinel process for benchmarks. Unlike the integration tests' node, our jar is started with exactly the
 * JVM flags of the shipped launcher script ({@link #launcherFlags()}) unless a variant passes its own, so the
 * figures describe what users run.
 */
public final class BenchSentinel extends ManagedProcess {
    private static final List<String> FALLBACK_FLAGS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms16m",
            "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Xshare:auto");

    private final SentinelKind kind;
    private final Path conf;
    private final List<String> jvmFlags;
    private final boolean recordEvents;
    private final EventRecorder events = new EventRecorder();

    /**
     * @param confText     the sentinel.conf text; {@code %PORT%} becomes the listen port
     * @param jvmFlags     for JSENTINEL: the JVM flags, or null for the launcher's
     * @param recordEvents subscribe with {@code PSUBSCRIBE *} after start-up
     */
    public BenchSentinel(SentinelKind kind, int port, String confText, List<String> jvmFlags, boolean recordEvents) {
        super("bench-" + kind.label(), port);
        this.kind = kind;
        this.conf = dir.resolve("sentinel.conf");
        this.jvmFlags = jvmFlags == null ? launcherFlags() : List.copyOf(jvmFlags);
        this.recordEvents = recordEvents;
        try {
            Files.writeString(conf, confText.replace("%PORT%", Integer.toString(port)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The defaults of {@code sentinel-server/bin/redis-sentinel}, read from the script so the benchmark follows
     * it when it changes; a fixed copy if the script cannot be read.
     */
    public static List<String> launcherFlags() {
        Path script = Path.of(System.getProperty("basedir", "."), "..", "sentinel-server", "bin", "redis-sentinel");
        try {
            Matcher m = Pattern.compile("(?m)^defaults=\"([^\"]*)\"").matcher(Files.readString(script));
            if (m.find()) {
                return List.of(m.group(1).trim().split("\\s+"));
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the copy
        }
        return FALLBACK_FLAGS;
    }

    /** The full command line for {@code kind} with {@code flags} (JSENTINEL only) and {@code conf}. */
    static List<String> commandFor(SentinelKind kind, List<String> flags, Path conf) {
        List<String> cmd = new ArrayList<>();
        if (kind == SentinelKind.REAL) {
            cmd.add("redis-sentinel");
        } else {
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
        return Duration.ofSeconds(60);
    }

    /** Starts, waits for PING and (if asked) subscribes the recorder. */
    public BenchSentinel start() {
        launch();
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
        return this;
    }

    @Override
    public synchronized void kill() {
        super.kill();
        events.close();
    }

    @Override
    public synchronized void stop() {
        super.stop();
        events.close();
    }

    public SentinelKind kind() {
        return kind;
    }

    public EventRecorder events() {
        return events;
    }

    /** One command on a fresh connection. */
    public Resp call(String... args) {
        try (RawResp c = RawResp.connect(port)) {
            return c.call(args);
        }
    }

    @Override
    public String toString() {
        return "bench-" + kind.label() + "@127.0.0.1:" + port;
    }
}
