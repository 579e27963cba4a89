package io.jsentinel.sim;

import io.jsentinel.config.ConfigStore;
import io.jsentinel.config.SentinelConfig;

/**
 * The sentinel's disk: keeps the last saved configuration. A crash keeps everything save() returned
 * for and nothing else, which is exactly what an fsync'ed rewrite guarantees.
 */
final class SimConfigStore implements ConfigStore {
    private SentinelConfig saved;
    private int saves;

    SimConfigStore(SentinelConfig initial) {
        this.saved = initial;
    }

    @Override
    public void save(SentinelConfig config) {
        saved = config;
        saves++;
    }

    /** A new disk: the pod came back without its volume, with only the config it was deployed with. */
    void replaceWith(SentinelConfig initial) {
        saved = initial;
    }

    SentinelConfig saved() {
        return saved;
    }

    int saves() {
        return saves;
    }
}
