/** Micrometer metrics of a sentinel: {@link io.jsentinel.metrics.SentinelMetrics}. Public API. */
package io.jsentinel.metrics;
