/**
 * The optional HTTP port of the launcher (Netty): Prometheus {@code /metrics}, {@code /health} and, with
 * {@code http-api yes}, the {@code /v1} API of docs/http-api.md.
 */
package io.jsentinel.launcher.http;
