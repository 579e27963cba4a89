package io.jsentinel.discovery;

import io.jsentinel.event.Events;
import io.jsentinel.events.Address;
import io.jsentinel.events.AlarmKind;
import io.jsentinel.events.EventInfo;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.InstanceRef;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.Hello;
import io.jsentinel.state.ActiveAlarm;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.util.function.BiFunction;

/**
 * The alarms (docs/churn.md, "Alarms"): misconfiguration that redis-sentinel leaves silent. Each goes on with an event
 * on {@code +<kind>}, kept on the instance for snapshots and {@code /health}, and ends with one on {@code -<kind>}.
 * They only report: nothing that decides reads them, and nothing here changes anything else.
 */
public final class Alarms {
    /**
     * How much longer than the old run id's silence a new process may claim to be up and still be a restart:
     * Redis counts uptime from a whole-second start time (up to 1 s more), and the old run id's last INFO reply
     * took a moment to reach us; a few seconds more covers a loaded loop and a small clock step on the node.
     * A process that replaced another has typically been up for minutes.
     */
    static final long RESTART_SLACK_MILLIS = 5_000;

    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    private final Announcer announcer;

    public Alarms(SentinelState state, LoopClock clock, Events events, Announcer announcer) {
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.announcer = announcer;
    }

    /**
     * After a peer's hello was applied (a newer configuration adopted): whether the peer announces the master where
     * we do. Under an equal config epoch another address is two configurations under one epoch, at once; under an
     * older one it is normal while a failover reaches the peer, so it counts only once it lasts
     * ({@link #addressAlarmDelay()}).
     */
    void onHello(Instance peer, Instance master, Hello h) {
        Endpoint ours = master.addressForClients();
        if (h.masterPort() == ours.port() && (announcer.host(ours).equalsIgnoreCase(h.masterIp())
                || announcer.sameHost(ours, h.masterIp()))) {
            peer.addressMismatchSince = 0;
            end(peer, AlarmKind.MASTER_ADDRESS);
            return;
        }
        long now = clock.now();
        if (h.masterConfigEpoch() < master.configEpoch) {
            if (peer.addressMismatchSince == 0) {
                peer.addressMismatchSince = now;
            }
            if (now - peer.addressMismatchSince < addressAlarmDelay()) {
                return;
            }
        }
        long ourEpoch = master.configEpoch;
        raise(peer, AlarmKind.MASTER_ADDRESS, (info, ref) -> new SentinelEvent.MisconfigMasterAddress(info, ref,
                new Address(h.masterIp(), h.masterPort()), h.masterConfigEpoch(), ourEpoch));
    }

    /**
     * A peer that has not heard of a failover hears it in the next hello of any sentinel that has: they go out every
     * publish period on every link, and a stale pub/sub link is renewed after three. The delay is well beyond that,
     * and follows publish-period when SENTINEL DEBUG stretches it.
     */
    long addressAlarmDelay() {
        return Math.max(state.timers.addressAlarmDelay, 5 * state.timers.publishPeriod);
    }

    /**
     * A master or replica reported a new run id. A restart explains it only if the new process has been up no longer
     * than the old run id has been unheard (plus {@link #RESTART_SLACK_MILLIS}); otherwise another long-running
     * process answers at that address. Call before the heard time is updated.
     */
    void onNewRunId(Instance ri, String oldRunId, String newRunId, long uptimeSeconds) {
        if (uptimeSeconds < 0 || ri.runIdHeardTime == 0) {
            return;
        }
        long unheard = clock.now() - ri.runIdHeardTime;
        boolean longer = uptimeSeconds > (Long.MAX_VALUE - RESTART_SLACK_MILLIS) / 1000
                || uptimeSeconds * 1000 > unheard + RESTART_SLACK_MILLIS;
        if (longer) {
            // each replacement is news: a second one within the hold replaces the first
            ri.alarms.remove(AlarmKind.INSTANCE_REPLACED);
            raise(ri, AlarmKind.INSTANCE_REPLACED, (info, ref) -> new SentinelEvent.InstanceReplaced(info, ref,
                    printable(oldRunId), printable(newRunId), uptimeSeconds, unheard));
        }
    }

    /** Once per tick and instance: a replaced instance stays an alarm for replaced-alarm-hold. */
    public void tick(Instance ri) {
        ActiveAlarm replaced = ri.alarms.get(AlarmKind.INSTANCE_REPLACED);
        if (replaced != null && clock.now() - replaced.since() >= state.timers.replacedAlarmHold) {
            end(ri, AlarmKind.INSTANCE_REPLACED);
        }
    }

    /** Raises the alarm unless it is on, or the instance is no longer monitored (a reply that came late). */
    <E extends SentinelEvent.Alarm> void raise(Instance ri, AlarmKind kind, BiFunction<EventInfo, InstanceRef, E> make) {
        if (ri.alarms.containsKey(kind) || !monitored(ri)) {
            return;
        }
        E event = events.instance(EventLevel.WARNING, ri, make);
        ri.alarms.put(kind, new ActiveAlarm(event, clock.now()));
    }

    /** Ends the alarm if it is on. */
    void end(Instance ri, AlarmKind kind) {
        if (ri.alarms.remove(kind) != null && monitored(ri)) {
            events.instance(EventLevel.NOTICE, ri, (info, ref) -> new SentinelEvent.AlarmEnded(info, ref, kind));
        }
    }

    /** Whether the instance is still in the state (replies can reach instances removed since they were sent). */
    boolean monitored(Instance ri) {
        if (ri.isMaster()) {
            return state.masters.get(ri.name) == ri;
        }
        Instance master = ri.master;
        Instance listed = ri.isSlave() ? master.slaves.get(ri.name) : master.sentinels.get(ri.name);
        return listed == ri && state.masters.get(master.name) == master;
    }

    /** A run id as events show it: a node's INFO is not trusted to hold only printable characters. */
    static String printable(String id) {
        StringBuilder sb = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            sb.append(c > ' ' && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
