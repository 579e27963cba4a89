package io.jsentinel.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tunable periods of protocol doc §1.2, changeable with SENTINEL DEBUG and never persisted.
 * Mutable and loop-confined.
 */
public final class Timers {
    public long infoPeriod = 10_000;
    public long pingPeriod = 1_000;
    public long askPeriod = 1_000;
    public long publishPeriod = 2_000;
    public long defaultDownAfter = 30_000;
    public long defaultFailoverTimeout = 180_000;
    public long tiltTrigger = 2_000;
    public long tiltPeriod = 30_000;
    public long slaveReconfTimeout = 10_000;
    public long minLinkReconnectPeriod = 15_000;
    public long electionTimeout = 10_000;
    public long scriptMaxRuntime = 60_000;
    public long scriptRetryDelay = 30_000;

    /** Parameter names in SENTINEL DEBUG order, lower case. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("info-period", infoPeriod);
        m.put("ping-period", pingPeriod);
        m.put("ask-period", askPeriod);
        m.put("publish-period", publishPeriod);
        m.put("default-down-after", defaultDownAfter);
        m.put("default-failover-timeout", defaultFailoverTimeout);
        m.put("tilt-trigger", tiltTrigger);
        m.put("tilt-period", tiltPeriod);
        m.put("slave-reconf-timeout", slaveReconfTimeout);
        m.put("min-link-reconnect-period", minLinkReconnectPeriod);
        m.put("election-timeout", electionTimeout);
        m.put("script-max-runtime", scriptMaxRuntime);
        m.put("script-retry-delay", scriptRetryDelay);
        return m;
    }

    /** Sets one parameter by its lower-case name; false if unknown. */
    public boolean set(String name, long value) {
        switch (name) {
            case "info-period" -> infoPeriod = value;
            case "ping-period" -> pingPeriod = value;
            case "ask-period" -> askPeriod = value;
            case "publish-period" -> publishPeriod = value;
            case "default-down-after" -> defaultDownAfter = value;
            case "default-failover-timeout" -> defaultFailoverTimeout = value;
            case "tilt-trigger" -> tiltTrigger = value;
            case "tilt-period" -> tiltPeriod = value;
            case "slave-reconf-timeout" -> slaveReconfTimeout = value;
            case "min-link-reconnect-period" -> minLinkReconnectPeriod = value;
            case "election-timeout" -> electionTimeout = value;
            case "script-max-runtime" -> scriptMaxRuntime = value;
            case "script-retry-delay" -> scriptRetryDelay = value;
            default -> {
                return false;
            }
        }
        return true;
    }
}
