/** The optional HTTP endpoint of the launcher: Prometheus {@code /metrics} and {@code /health}. */
package io.jsentinel.launcher.http;
