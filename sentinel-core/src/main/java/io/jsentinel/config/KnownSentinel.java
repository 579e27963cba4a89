package io.jsentinel.config;

/** A {@code sentinel known-sentinel <master> <ip> <port> <runid>} line. */
public record KnownSentinel(String host, int port, String runId) {
}
