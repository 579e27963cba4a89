package io.jsentinel.config;

/** Redis 7.0 sentinel defaults (protocol doc §1.2, §9). */
public final class Defaults {
    public static final int PORT = 26379;
    public static final long DOWN_AFTER_MILLIS = 30_000;
    public static final long FAILOVER_TIMEOUT_MILLIS = 180_000;
    public static final int PARALLEL_SYNCS = 1;
    public static final String REDIS_VERSION = "7.0.15";

    private Defaults() {
    }
}
