package io.jsentinel;

/** Placeholder: the embedding facade is being written (see docs/architecture.md). */
public final class Sentinel {
    private Sentinel() {
    }
}
