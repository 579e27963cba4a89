package io.jsentinel.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One sentinel process of either {@link SentinelKind}, started exactly like {@code redis-sentinel <conf>}
 * ({@code java -jar <jar> <conf>} for ours) from a {@code sentinel.conf} written into its directory. While it
 * runs, an {@link EventRecorder} records everything it publishes.
 */
public final class SentinelNode extends ManagedProcess {
    /** Flags that make a small JVM start fast; the jar is started with them. */
    public static final List<String> FAST_JVM_FLAGS = List.of("-Xshare:auto", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final SentinelKind kind;
    private final Path conf;
    private final List<String> extraArgs;
    private final EventRecorder events = new EventRecorder();

    private SentinelNode(Builder b, int port) {
        super("sentinel-" + b.kind.label(), port);
        this.kind = b.kind;
        this.conf = dir.resolve("sentinel.conf");
        this.extraArgs = List.copyOf(b.extraArgs);
        try {
            Files.writeString(conf, b.confText(port), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder builder(SentinelKind kind) {
        return new Builder(kind);
    }

    @Override
    protected List<String> command() {
        List<String> cmd = new ArrayList<>();
        if (kind == SentinelKind.REAL) {
            cmd.add("redis-sentinel");
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(FAST_JVM_FLAGS);
            cmd.add("-jar");
            cmd.add(SentinelKind.jar().toString());
        }
        cmd.add(conf.toString());
        cmd.addAll(extraArgs);
        return cmd;
    }

    @Override
    protected Duration startTimeout() {
        return kind == SentinelKind.REAL ? Duration.ofSeconds(10) : Duration.ofSeconds(30);
    }

    @Override
    protected void afterStart() {
        events.subscribe(port, toString());
    }

    @Override
    protected void afterStop() {
        events.close();
    }

    /** Starts it (after {@link Builder#create()}). */
    public SentinelNode start() {
        launch();
        return this;
    }

    public SentinelKind kind() {
        return kind;
    }

    /** The config file the sentinel owns and rewrites. */
    public Path conf() {
        return conf;
    }

    public String confText() {
        try {
            return Files.readString(conf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EventRecorder events() {
        return events;
    }

    /** Runs one command on a fresh connection after {@code HELLO 3}. */
    public Resp call3(String... args) {
        try (RawResp c = RawResp.connect(port)) {
            c.hello3();
            return c.call(args);
        }
    }

    /** {@code SENTINEL <args...>} in RESP2. */
    public Resp sentinel(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "SENTINEL";
        System.arraycopy(args, 0, full, 1, args.length);
        return call(full);
    }

    public String myId() {
        return sentinel("MYID").str();
    }

    /** {@code SENTINEL GET-MASTER-ADDR-BY-NAME}: the port, or -1 for a null reply. */
    public int masterPort(String master) {
        Resp r = sentinel("GET-MASTER-ADDR-BY-NAME", master);
        return r.isNull() ? -1 : Integer.parseInt(r.get(1).str());
    }

    public Resp replicas(String master) {
        return sentinel("REPLICAS", master);
    }

    public Resp peers(String master) {
        return sentinel("SENTINELS", master);
    }

    public Resp master(String master) {
        return sentinel("MASTER", master);
    }

    /** Waits for an event of {@code type} whose message contains {@code containing}; null on timeout. */
    public PublishedEvent awaitEvent(String type, String containing, Duration timeout) {
        return awaitEvent(0, type, containing, timeout);
    }

    /** Like {@link #awaitEvent(String, String, Duration)}, only among events after {@code mark}. */
    public PublishedEvent awaitEvent(int mark, String type, String containing, Duration timeout) {
        Predicate<PublishedEvent> p = e -> e.type().equals(type) && e.message().contains(containing);
        return events.await(mark, p, timeout);
    }

    @Override
    public String toString() {
        return "sentinel-" + kind.label() + "@127.0.0.1:" + port;
    }

    /** What goes into sentinel.conf and onto the command line. */
    public static final class Builder {
        private final SentinelKind kind;
        private int port;
        private Integer confPort;
        private String masterName = "mymaster";
        private int masterPort;
        private int quorum = 2;
        private long downAfterMillis = 1000;
        private long failoverTimeoutMillis = 6000;
        private String authPass;
        private String rawConf;
        private final List<String> extraLines = new ArrayList<>();
        private final List<String> extraArgs = new ArrayList<>();

        Builder(SentinelKind kind) {
            this.kind = kind;
        }

        /** The port the sentinel listens on (default: a free port). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Writes {@code port <p>} in the file, but starts with {@code --port <listen port>}. */
        public Builder confPortOverriddenByArg(int confPort) {
            this.confPort = confPort;
            return this;
        }

        /** {@code sentinel monitor <name> 127.0.0.1 <port> <quorum>}; without it nothing is monitored. */
        public Builder monitor(String name, int masterPort, int quorum) {
            this.masterName = name;
            this.masterPort = masterPort;
            this.quorum = quorum;
            return this;
        }

        public Builder downAfter(long millis) {
            this.downAfterMillis = millis;
            return this;
        }

        public Builder failoverTimeout(long millis) {
            this.failoverTimeoutMillis = millis;
            return this;
        }

        public Builder authPass(String password) {
            this.authPass = password;
            return this;
        }

        /** Appended to the file verbatim. */
        public Builder line(String line) {
            extraLines.add(line);
            return this;
        }

        /** Replaces the whole generated file (the port still comes from the builder); use {@code %PORT%}. */
        public Builder rawConf(String text) {
            this.rawConf = text;
            return this;
        }

        /** Extra command-line arguments after the config path. */
        public Builder arg(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        String confText(int listenPort) {
            if (rawConf != null) {
                return rawConf.replace("%PORT%", Integer.toString(listenPort));
            }
            StringBuilder sb = new StringBuilder();
            sb.append("port ").append(confPort != null ? confPort : listenPort).append('\n');
            sb.append("bind 127.0.0.1\n");
            if (masterPort > 0) {
                String m = masterName;
                sb.append("sentinel monitor ").append(m).append(" 127.0.0.1 ").append(masterPort).append(' ')
                        .append(quorum).append('\n');
                sb.append("sentinel down-after-milliseconds ").append(m).append(' ').append(downAfterMillis)
                        .append('\n');
                sb.append("sentinel failover-timeout ").append(m).append(' ').append(failoverTimeoutMillis)
                        .append('\n');
                if (authPass != null) {
                    sb.append("sentinel auth-pass ").append(m).append(' ').append(authPass).append('\n');
                }
            }
            extraLines.forEach(l -> sb.append(l).append('\n'));
            return sb.toString();
        }

        /** Writes the config and returns the node without starting it. */
        public SentinelNode create() {
            int listen = port > 0 ? port : FreePorts.next();
            if (confPort != null) {
                extraArgs.addAll(List.of("--port", Integer.toString(listen)));
            }
            return new SentinelNode(this, listen);
        }

        /** Writes the config, starts the sentinel and waits until it answers PING. */
        public SentinelNode start() {
            return create().start();
        }
    }
}
