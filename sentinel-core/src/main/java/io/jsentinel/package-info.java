/**
 * The public embedding API: {@link io.jsentinel.Sentinel#builder()} starts a sentinel in-process and
 * returns a {@link io.jsentinel.RunningSentinel} with immutable snapshots, {@code failover} and typed
 * events ({@link io.jsentinel.events}). Metrics live in {@link io.jsentinel.metrics}.
 *
 * <p>Only {@code io.jsentinel}, {@code io.jsentinel.events}, {@code io.jsentinel.metrics} and the config
 * records in {@code io.jsentinel.config} are API. The packages {@code core}, {@code server}, {@code link},
 * {@code state}, {@code resp}, {@code command} and {@code time} are internal and may change at any time.
 */
package io.jsentinel;
