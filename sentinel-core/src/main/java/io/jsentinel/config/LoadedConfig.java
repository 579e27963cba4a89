package io.jsentinel.config;

/** The result of loading {@code sentinel.conf}: the model, and the document to rewrite it from. */
public record LoadedConfig(SentinelConfig config, ConfigDocument document) {
}
