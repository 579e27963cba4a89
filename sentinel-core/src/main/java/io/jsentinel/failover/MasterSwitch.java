package io.jsentinel.failover;

import io.jsentinel.config.ConfigFlusher;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.script.ScriptRunner;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.PublishedAddresses;
import io.jsentinel.time.LoopClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Moving a master entry to a new address (protocol doc §6.7): the leader's last failover step, an observer
 * following a newer configuration from a hello, and SENTINEL RESET, which shares the reset; plus the
 * client-reconfig script those switches run.
 */
public final class MasterSwitch {
    private final LoopClock clock;
    private final Events events;
    private final Monitor monitor;
    private final ScriptRunner scripts;
    private final PublishedAddresses published;
    private final ConfigFlusher flusher;

    public MasterSwitch(LoopClock clock, Events events, Monitor monitor, ScriptRunner scripts,
                        PublishedAddresses published, ConfigFlusher flusher) {
        this.clock = clock;
        this.events = events;
        this.monitor = monitor;
        this.scripts = scripts;
        this.published = published;
        this.flusher = flusher;
    }

    /** The leader's final step: publish +switch-master and rebuild the master at the promoted address. */
    public void switchToPromotedSlave(Instance master) {
        Instance ref = master.promotedSlave != null ? master.promotedSlave : master;
        events.global(EventLevel.WARNING, master.name, info -> new SentinelEvent.SwitchMaster(info,
                master.name, events.announced(master.addr), events.announced(ref.addr)));
        resetMasterAndChangeAddress(master, ref.addr);
    }

    /** Protocol doc §6.7: keep the peers, rebuild the replica list around the new address. */
    public void resetMasterAndChangeAddress(Instance master, Endpoint newAddr) {
        List<Endpoint> replicas = new ArrayList<>();
        for (Instance s : master.slaves.values()) {
            if (!s.addr.equals(newAddr)) {
                replicas.add(s.addr);
            }
        }
        if (!master.addr.equals(newAddr)) {
            replicas.add(master.addr);
            master.formerAddresses.remove(newAddr);
            master.formerAddresses.add(master.addr);
            // bounded: each failover adds one; the oldest go first
            while (master.formerAddresses.size() > 16) {
                master.formerAddresses.remove(master.formerAddresses.iterator().next());
            }
        }
        resetMaster(master, false, false);
        master.addr = newAddr;
        master.oDownSinceTime = 0;
        master.sDownSinceTime = 0;
        // Unlike redis-sentinel 7.0: connect to the new address on the next tick, not a ping period after
        // the last attempt on the old one, and forget the peers' answers about the old address. Redis keeps
        // both, so with down-after near the ping period it can find a healthy new master SDOWN before its
        // first PONG and at once ODOWN through those stale answers, and fail over a second time.
        master.link.lastReconnTime = 0;
        for (Instance p : master.sentinels.values()) {
            p.clear(Flags.MASTER_DOWN);
            p.lastMasterDownReplyTime = 0;
        }
        for (Endpoint addr : replicas) {
            Instance s = monitor.addReplica(master, addr);
            events.instance(EventLevel.NOTICE, s, SentinelEvent.ReplicaAdded::new);
        }
        published.publish(master);
        flusher.flushConfig();
    }

    /** SENTINEL RESET and the master switch (protocol doc §6.7 step 2). */
    public void resetMaster(Instance master, boolean resetSentinels, boolean generateEvent) {
        for (Instance s : master.slaves.values()) {
            monitor.releaseLink(s);
        }
        master.slaves.clear();
        if (resetSentinels) {
            for (Instance p : master.sentinels.values()) {
                monitor.releaseLink(p);
            }
            master.sentinels.clear();
            // RESET forgets which sentinels there are: the forgetting rule measures them again
            master.liveSentinelsSeen = 0;
            master.formerAddresses.clear();
            master.liveAboveMin = 0;
            master.liveAboveSince = 0;
        }
        monitor.closeCommandConnection(master.link);
        monitor.closePubSubConnection(master.link);
        long now = clock.now();
        master.flags &= Flags.MASTER;
        master.leader = null;
        master.failoverState = FailoverState.NONE;
        master.failoverStateChangeTime = 0;
        master.failoverStartTime = 0;
        master.promotedSlave = null;
        master.runId = null;
        // the run id is forgotten, and with it the alarm about its process (docs/churn.md, "Alarms")
        master.alarms.remove(io.jsentinel.events.AlarmKind.INSTANCE_REPLACED);
        master.info = null;
        master.infoRefresh = 0;
        master.listedReplicas = java.util.Set.of();
        master.roleReported = Instance.MASTER_ROLE;
        master.roleReportedTime = now;
        master.link.actPingTime = now;
        master.link.lastPingTime = 0;
        master.link.lastAvailTime = now;
        master.link.lastPongTime = now;
        // not published here: on a switch the address is still the old one at this point, and a client that
        // has seen +switch-master must never be answered the old address (the caller publishes)
        if (generateEvent) {
            events.instance(EventLevel.WARNING, master, SentinelEvent.MasterReset::new);
        }
    }

    /** Queues the client-reconfig script, when one is configured (protocol doc §10). */
    public void clientReconfigScript(Instance master, String role, Endpoint from, Endpoint to) {
        if (master.clientReconfigScript == null) {
            return;
        }
        scripts.schedule(master.clientReconfigScript, List.of(master.name, role, "start", from.host(),
                Integer.toString(from.port()), to.host(), Integer.toString(to.port())));
    }
}
