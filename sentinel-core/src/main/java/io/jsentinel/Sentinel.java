package io.jsentinel;

import io.jsentinel.events.Address;
import io.jsentinel.config.ConfigStore;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.config.StateFileStore;
import io.jsentinel.event.EventSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Entry point for running a sentinel in-process. The standalone server uses the same API.
 * <pre>{@code
 * try (RunningSentinel s = Sentinel.builder()
 *         .port(0)
 *         .monitor("mymaster", "127.0.0.1", 6379, 1)
 *         .listener(e -> System.out.println(e.type() + " " + e.message()))
 *         .start()) {
 *     Address master = s.masterAddress("mymaster").orElseThrow();
 * }
 * }</pre>
 * See docs/embedding.md.
 */
public final class Sentinel {
    /** Events a listener may lag behind before newer ones are dropped for it. */
    public static final int DEFAULT_LISTENER_QUEUE = 10_000;

    private Sentinel() {
    }

    /** A builder with Redis' defaults: port 26379, all interfaces, no masters, state kept in memory. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings of one sentinel; {@link #start()} binds its port and starts monitoring. */
    public static final class Builder {
        SentinelConfig config = SentinelConfig.defaults();
        ConfigStore store = ConfigStore.inMemory();
        boolean storeSet;
        Path stateFile;
        final List<EventSink> sinks = new ArrayList<>();
        Runnable onShutdownRequest = () -> { };
        Path configFile;
        String executable;
        String processSupervised;
        Integer port;
        List<String> bind;
        final List<MasterSpec> specs = new ArrayList<>();
        final Map<SentinelListener, Integer> listeners = new java.util.LinkedHashMap<>();
        MeterRegistry registry;
        int listenerQueue = DEFAULT_LISTENER_QUEUE;
        java.time.Duration forgetStaleAfter;

        Builder() {
        }

        /** Monitors a master with Redis' default settings ({@code sentinel monitor <name> <host> <port> <quorum>}). */
        public Builder monitor(String name, String host, int port, int quorum) {
            return monitor(MasterSpec.of(name, host, port, quorum));
        }

        /**
         * Forgets peers and replicas unseen for this long ({@code sentinel forget-stale-after-milliseconds}, a jsentinel
         * extension; docs/churn.md). Zero, the default, never forgets, as Redis.
         */
        public Builder forgetStaleAfter(java.time.Duration period) {
            Objects.requireNonNull(period, "period must not be null");
            if (period.isNegative()) {
                throw new IllegalArgumentException("period must not be negative: " + period);
            }
            this.forgetStaleAfter = period;
            return this;
        }

        /** Monitors a master with its own settings. */
        public Builder monitor(MasterSpec master) {
            specs.add(Objects.requireNonNull(master, "master must not be null"));
            return this;
        }

        /** The TCP port to listen on; 0 picks a free one ({@link RunningSentinel#port()} tells which). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid port: " + port);
            }
            this.port = port;
            return this;
        }

        /** The addresses to listen on, as the {@code bind} directive takes them; none means all interfaces. */
        public Builder bind(String... addresses) {
            this.bind = List.of(addresses);
            return this;
        }

        /** Registers {@link io.jsentinel.metrics.SentinelMetrics} in {@code registry} at start. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }

        /** Adds a listener of typed events; it sees every event from start-up on (see {@link SentinelListener}). */
        public Builder listener(SentinelListener listener) {
            listeners.put(Objects.requireNonNull(listener, "listener must not be null"), null);
            return this;
        }

        /** Adds a listener with its own queue capacity (events it may lag behind before newer ones are dropped). */
        public Builder listener(SentinelListener listener, int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("capacity must be positive");
            }
            listeners.put(Objects.requireNonNull(listener, "listener must not be null"), queueCapacity);
            return this;
        }

        /** How many events each listener may lag behind before newer ones are dropped for it (default 10000). */
        public Builder listenerQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be positive");
            }
            this.listenerQueue = capacity;
            return this;
        }

        /** The whole configuration, e.g. as parsed from {@code sentinel.conf}. */
        public Builder config(SentinelConfig config) {
            this.config = Objects.requireNonNull(config, "config must not be null");
            return this;
        }

        /** Where state is persisted; in memory when not set. */
        public Builder configStore(ConfigStore store) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.storeSet = true;
            return this;
        }

        /**
         * Keeps the run-time state (id, epochs, master addresses after failovers, replicas, peers) in
         * {@code file}, as {@code sentinel state-file} does (docs/state-file.md): read at {@link #start()} over
         * this builder's configuration, rewritten atomically at every change. The configuration itself is
         * never persisted, so SENTINEL MONITOR, REMOVE, SET and CONFIG SET are refused. Not together with
         * {@link #configStore}.
         */
        public Builder stateFile(Path file) {
            this.stateFile = Objects.requireNonNull(file, "file must not be null");
            return this;
        }

        /** The config file path shown by INFO (config_file); informational only. */
        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        /** The executable path shown by INFO (executable); informational only. */
        public Builder executable(String executable) {
            this.executable = executable;
            return this;
        }

        /**
         * What INFO shows as {@code process_supervised} ({@code systemd}, {@code upstart}, {@code no}, the default):
         * the launcher's supervision, informational only.
         */
        public Builder processSupervised(String processSupervised) {
            this.processSupervised = processSupervised;
            return this;
        }

        /**
         * Receives every event on the sentinel loop itself; must not block. Embedders should prefer
         * {@link #listener}, which runs on its own thread.
         */
        public Builder eventSink(EventSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink must not be null"));
            return this;
        }

        /** Runs (on some thread) after the SHUTDOWN command has flushed the config and closed the sentinel. */
        public Builder onShutdownRequest(Runnable action) {
            this.onShutdownRequest = Objects.requireNonNull(action, "action must not be null");
            return this;
        }

        /**
         * Starts the sentinel; throws if the port cannot be bound, {@link IllegalArgumentException} when a
         * master name is monitored twice, {@link IllegalStateException} when both {@link #stateFile} and
         * {@link #configStore} are set, and {@link io.jsentinel.config.ConfigException} when the state file
         * cannot be read or is damaged.
         */
        public RunningSentinel start() throws Exception {
            SentinelConfig effective = effectiveConfig();
            ConfigStore chosen = store;
            if (stateFile != null) {
                if (storeSet) {
                    throw new IllegalStateException("stateFile and configStore cannot both be set");
                }
                StateFileStore states = StateFileStore.open(effective, stateFile, null);
                states.logNotes();
                effective = states.initialConfig();
                chosen = states;
            }
            SentinelConfig cfg = effective;
            ConfigStore persistence = chosen;
            EmbeddedSentinel[] self = new EmbeddedSentinel[1];
            Runnable shutdownAction = onShutdownRequest;
            EmbeddedSentinel sentinel = EmbeddedSentinel.create(fanOut -> {
                List<EventSink> all = new ArrayList<>(sinks);
                all.add(fanOut);
                // SHUTDOWN closes the runtime by itself; listeners and metrics must stop with it
                return new io.jsentinel.runtime.SentinelRuntime(cfg, persistence, all,
                        configFile == null ? null : configFile.toAbsolutePath().toString(), executable,
                        processSupervised, () -> {
                            self[0].close();
                            shutdownAction.run();
                        });
            }, listenerQueue);
            self[0] = sentinel;
            listeners.forEach((l, cap) -> sentinel.addListener(l, cap == null ? listenerQueue : cap));
            try {
                sentinel.start(registry);
                return sentinel;
            } catch (Exception | Error e) {
                sentinel.close();
                throw e;
            }
        }

        /** {@link #config} with the port, bind and masters set on this builder applied. */
        SentinelConfig effectiveConfig() {
            ServerSettings s = config.server();
            ServerSettings server = new ServerSettings(port != null ? port : s.port(), bind != null ? bind : s.bind(),
                    s.protectedMode(), s.requirepass(), s.userLines(), s.logfile(), s.loglevel(), s.pidfile(),
                    s.daemonize(), s.dir(), s.metricsPort(), s.generic());
            List<MasterConfig> masters = new ArrayList<>(config.masters());
            Set<String> names = new HashSet<>();
            masters.forEach(m -> names.add(m.name()));
            for (MasterSpec m : specs) {
                if (!names.add(m.name())) {
                    throw new IllegalArgumentException("Duplicate master name: " + m.name());
                }
                masters.add(new MasterConfig(m.name(), m.host(), m.port(), m.quorum(), m.downAfter().toMillis(),
                        m.failoverTimeout().toMillis(), m.parallelSyncs(), m.authUser(), m.authPass(), null, null, 0,
                        Map.of(), 0, 0, List.of(), List.of()));
            }
            return new SentinelConfig(config.myId(), config.currentEpoch(), config.denyScriptsReconfig(),
                    config.resolveHostnames(), config.announceHostnames(), config.announceIp(), config.announcePort(),
                    config.sentinelUser(), config.sentinelPass(), server, masters,
                    forgetStaleAfter != null ? forgetStaleAfter.toMillis() : config.forgetStaleAfterMillis());
        }
    }
}
