package io.jsentinel.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;

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

    /** One SENTINEL DEBUG parameter: its lower-case name and the field behind it. */
    private record Param(String name, ToLongFunction<Timers> get, ObjLongConsumer<Timers> set) {
    }

    /** Every parameter, once, in SENTINEL DEBUG order. */
    private static final List<Param> PARAMS = List.of(
            new Param("info-period", t -> t.infoPeriod, (t, v) -> t.infoPeriod = v),
            new Param("ping-period", t -> t.pingPeriod, (t, v) -> t.pingPeriod = v),
            new Param("ask-period", t -> t.askPeriod, (t, v) -> t.askPeriod = v),
            new Param("publish-period", t -> t.publishPeriod, (t, v) -> t.publishPeriod = v),
            new Param("default-down-after", t -> t.defaultDownAfter, (t, v) -> t.defaultDownAfter = v),
            new Param("default-failover-timeout", t -> t.defaultFailoverTimeout, (t, v) -> t.defaultFailoverTimeout = v),
            new Param("tilt-trigger", t -> t.tiltTrigger, (t, v) -> t.tiltTrigger = v),
            new Param("tilt-period", t -> t.tiltPeriod, (t, v) -> t.tiltPeriod = v),
            new Param("slave-reconf-timeout", t -> t.slaveReconfTimeout, (t, v) -> t.slaveReconfTimeout = v),
            new Param("min-link-reconnect-period", t -> t.minLinkReconnectPeriod,
                    (t, v) -> t.minLinkReconnectPeriod = v),
            new Param("election-timeout", t -> t.electionTimeout, (t, v) -> t.electionTimeout = v),
            new Param("script-max-runtime", t -> t.scriptMaxRuntime, (t, v) -> t.scriptMaxRuntime = v),
            new Param("script-retry-delay", t -> t.scriptRetryDelay, (t, v) -> t.scriptRetryDelay = v));

    /** Parameter names in SENTINEL DEBUG order, lower case, with their values. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Param p : PARAMS) {
            m.put(p.name(), p.get().applyAsLong(this));
        }
        return m;
    }

    /** Sets one parameter by its lower-case name; false if unknown. */
    public boolean set(String name, long value) {
        for (Param p : PARAMS) {
            if (p.name().equals(name)) {
                p.set().accept(this, value);
                return true;
            }
        }
        return false;
    }
}
