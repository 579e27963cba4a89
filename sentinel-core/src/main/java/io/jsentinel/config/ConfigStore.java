package io.jsentinel.config;

import java.io.IOException;

/**
 * Where the sentinel persists its configuration and state (protocol doc §9.4). The file store rewrites
 * {@code sentinel.conf} atomically; the state-file store writes only the run-time state and never the
 * configuration; the memory store keeps state only in memory (embedding without a file); the simulation's
 * store can lose unflushed state on a crash.
 */
public interface ConfigStore {
    /** Persists {@code config}; returns only once it is durable. */
    void save(SentinelConfig config) throws IOException;

    /**
     * Whether {@link #save} persists configuration (monitored masters, their options, the global options)
     * as well as run-time state. When false the commands that would change configuration are refused, since
     * the change would be lost at the next start.
     */
    default boolean persistsConfiguration() {
        return true;
    }

    /** A store that keeps nothing. */
    static ConfigStore inMemory() {
        return config -> {
        };
    }
}
