package io.jsentinel.config;

/** TEMPORARY STAND-IN (see ConfigException): what {@link ConfigLoader#load} returns. */
public record LoadedConfig(SentinelConfig config, ConfigDocument document) {
}
