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
    // jsentinel's alarms (docs/churn.md, "Alarms"): set with SENTINEL DEBUG like the others, but not listed by it,
    // whose list stays redis-sentinel's.
    /** How often each peer is asked SENTINEL MASTER and INFO server. */
    public long peerAuditPeriod = 60_000;
    /**
     * How long a peer may announce another master address under an older config epoch before it is an alarm (at
     * least five publish periods).
     */
    public long addressAlarmDelay = 30_000;
    /** A peer clock further than this from ours (beyond the measurement's uncertainty) is an alarm. */
    public long clockAlarmOffset = 5_000;
    /** How long a replaced instance stays an alarm. */
    public long replacedAlarmHold = 600_000;

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

    /** jsentinel's parameters: settable, not in SENTINEL DEBUG's list. */
    private static final List<Param> OWN = List.of(
            new Param("peer-audit-period", t -> t.peerAuditPeriod, (t, v) -> t.peerAuditPeriod = v),
            new Param("address-alarm-delay", t -> t.addressAlarmDelay, (t, v) -> t.addressAlarmDelay = v),
            new Param("clock-alarm-offset", t -> t.clockAlarmOffset, (t, v) -> t.clockAlarmOffset = v),
            new Param("replaced-alarm-hold", t -> t.replacedAlarmHold, (t, v) -> t.replacedAlarmHold = v));

    /** Redis' parameter names in SENTINEL DEBUG order, lower case, with their values (jsentinel's not listed). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Param p : PARAMS) {
            m.put(p.name(), p.get().applyAsLong(this));
        }
        return m;
    }

    /** Whether SENTINEL DEBUG can set the parameter of this lower-case name (Redis' or jsentinel's). */
    public boolean knows(String name) {
        return find(name) != null;
    }

    /** Sets one parameter, Redis' or jsentinel's, by its lower-case name; false if unknown. */
    public boolean set(String name, long value) {
        Param p = find(name);
        if (p == null) {
            return false;
        }
        p.set().accept(this, value);
        return true;
    }

    private static Param find(String name) {
        for (List<Param> list : List.of(PARAMS, OWN)) {
            for (Param p : list) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
        }
        return null;
    }
}
