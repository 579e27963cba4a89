package io.jsentinel.config;

/**
 * Rewrites sentinel.conf from the sentinel's current state (protocol doc §9.4). Whoever changes persistent
 * state (epochs, votes, instances, options) calls it before the change is answered or announced.
 */
@FunctionalInterface
public interface ConfigFlusher {
    /** True when saved; false (and a logged warning) when the file could not be written. */
    boolean flushConfig();
}
