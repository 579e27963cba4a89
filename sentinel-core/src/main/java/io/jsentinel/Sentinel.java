package io.jsentinel;

import io.jsentinel.config.ConfigStore;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.event.EventSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Entry point for running a sentinel in-process: {@code Sentinel.builder().config(cfg).start()}.
 * The standalone server uses the same API.
 */
public final class Sentinel {
    private Sentinel() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings of one sentinel; {@link #start()} binds its port and starts monitoring. */
    public static final class Builder {
        SentinelConfig config = SentinelConfig.defaults();
        ConfigStore store = ConfigStore.inMemory();
        final List<EventSink> sinks = new ArrayList<>();
        Runnable onShutdownRequest = () -> { };
        Path configFile;
        String executable;

        Builder() {
        }

        /** The whole configuration, e.g. as parsed from {@code sentinel.conf}. */
        public Builder config(SentinelConfig config) {
            this.config = Objects.requireNonNull(config, "config must not be null");
            return this;
        }

        /** Where state is persisted; in memory when not set. */
        public Builder configStore(ConfigStore store) {
            this.store = Objects.requireNonNull(store, "store must not be null");
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

        /** Receives every event on the sentinel loop; must not block. */
        public Builder eventSink(EventSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink must not be null"));
            return this;
        }

        /** Runs (on some thread) after the SHUTDOWN command has flushed the config and closed the sentinel. */
        public Builder onShutdownRequest(Runnable action) {
            this.onShutdownRequest = Objects.requireNonNull(action, "action must not be null");
            return this;
        }

        /** Starts the sentinel; throws if the port cannot be bound or the config cannot be saved. */
        public RunningSentinel start() throws Exception {
            io.jsentinel.core.SentinelRuntime runtime = new io.jsentinel.core.SentinelRuntime(config, store,
                    List.copyOf(sinks), configFile == null ? null : configFile.toAbsolutePath().toString(), executable,
                    onShutdownRequest);
            try {
                return runtime.start();
            } catch (Exception e) {
                runtime.close();
                throw e;
            }
        }
    }
}
