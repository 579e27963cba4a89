package io.jsentinel.config;

import java.io.IOException;

/**
 * Where the sentinel persists its configuration and state (protocol doc §9.4). The file store rewrites
 * {@code sentinel.conf} atomically; the memory store keeps state only in memory (embedding without a
 * file); the simulation's store can lose unflushed state on a crash.
 */
public interface ConfigStore {
    /** Persists {@code config}; returns only once it is durable. */
    void save(SentinelConfig config) throws IOException;

    /** A store that keeps nothing. */
    static ConfigStore inMemory() {
        return config -> {
        };
    }
}
