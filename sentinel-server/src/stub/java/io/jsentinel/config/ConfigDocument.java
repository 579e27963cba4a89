package io.jsentinel.config;

import java.util.List;

/** TEMPORARY STAND-IN (see ConfigException): the lines of the loaded file, kept for rewrites. */
public final class ConfigDocument {
    private final List<String> lines;

    public ConfigDocument(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    public List<String> lines() {
        return lines;
    }
}
