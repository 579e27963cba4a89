package io.jsentinel.discovery;

import io.jsentinel.config.ConfigFlusher;
import io.jsentinel.config.ConfigValidation;
import io.jsentinel.detect.MasterSanityRule;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.InfoParser;
import io.jsentinel.link.InfoReport;
import io.jsentinel.failover.Failover;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;

/**
 * Applies an INFO reply to an instance (protocol doc §3): run id and reboots, replica discovery, role
 * tracking, and the INFO-driven corrective actions (promotion seen, convert-to-slave, fix-slave-config,
 * reconfiguration progress).
 */
public final class InfoRefresher {
    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    private final Announcer announcer;
    private final Monitor monitor;
    private final ConfigFlusher flusher;
    private final Failover failover;
    private final Alarms alarms;
    private final ViewCheck viewCheck;

    public InfoRefresher(SentinelState state, LoopClock clock, Events events, Announcer announcer, Monitor monitor,
                         ConfigFlusher flusher, Failover failover, Alarms alarms, ViewCheck viewCheck) {
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.announcer = announcer;
        this.monitor = monitor;
        this.flusher = flusher;
        this.failover = failover;
        this.alarms = alarms;
        this.viewCheck = viewCheck;
    }

    public void refresh(Instance ri, String info) {
        long now = clock.now();
        InfoReport r = InfoParser.parse(info);
        ri.info = info;
        ri.masterLinkDownTime = r.masterLinkDownMillis();

        if (r.runId() != null && (ri.runId == null || !ri.runId.equalsIgnoreCase(r.runId()))) {
            if (ri.runId != null) {
                events.instance(EventLevel.NOTICE, ri, SentinelEvent.Reboot::new);
                if (ri.isMaster() && ri.masterRebootDownAfterPeriod != 0) {
                    ri.set(Flags.MASTER_REBOOT);
                    ri.masterRebootSinceTime = now;
                }
                alarms.onNewRunId(ri, ri.runId, r.runId(), r.uptimeSeconds());
            }
            ri.runId = r.runId();
        }
        if (r.runId() != null) {
            ri.runIdHeardTime = now;
        }

        if (ri.isMaster()) {
            ri.listedReplicas = java.util.Set.copyOf(r.replicas());
            for (Endpoint addr : r.replicas()) {
                // Redis skips replicas it cannot resolve; a hostile node's address never reaches the config. A
                // name not answered yet is skipped too (its replica would be keyed by the name, later by the IP)
                if (!ConfigValidation.isAcceptableHost(addr.host(), state.resolveHostnames)
                        || !announcer.resolved(addr.host())) {
                    continue;
                }
                if (!ri.slaves.containsKey(announcer.endpoint(addr).name())) {
                    Instance slave = monitor.addReplica(ri, addr);
                    events.instance(EventLevel.NOTICE, slave, SentinelEvent.ReplicaAdded::new);
                    flusher.flushConfig();
                }
            }
        }

        int role = 0;
        if (r.role() == InfoReport.Role.MASTER) {
            role = Instance.MASTER_ROLE;
        } else if (r.role() == InfoReport.Role.SLAVE) {
            role = Instance.SLAVE_ROLE;
            if (r.masterHost() != null && (ri.slaveMasterHost == null
                    || !ri.slaveMasterHost.equalsIgnoreCase(r.masterHost()))) {
                ri.slaveMasterHost = r.masterHost();
                ri.slaveConfChangeTime = now;
            }
            if (ri.slaveMasterPort != r.masterPort()) {
                ri.slaveMasterPort = r.masterPort();
                ri.slaveConfChangeTime = now;
            }
            ri.slaveMasterLinkStatusOk = r.masterLinkUp();
            ri.slavePriority = r.slavePriority();
            ri.slaveReplOffset = r.slaveReplOffset();
            ri.replicaAnnounced = r.replicaAnnounced();
        }
        ri.infoRefresh = now;
        if (r.failover() != InfoReport.NodeFailover.NOT_REPORTED && r.failover() != ri.nodeFailover) {
            ri.nodeFailover = r.failover();
            ri.nodeFailoverSince = now;
        }

        if (role == 0) {
            return;
        }
        if (role != ri.roleReported) {
            ri.roleReportedTime = now;
            ri.roleReported = role;
            if (role == Instance.SLAVE_ROLE) {
                ri.slaveConfChangeTime = now;
            }
            // published as +role-change when the instance reports the role we have it as, -role-change if not
            String reported = role == Instance.MASTER_ROLE ? "master" : "slave";
            events.instance(EventLevel.VERBOSE, ri,
                    (eventInfo, ref) -> new SentinelEvent.RoleChange(eventInfo, ref, reported));
        }

        // Everything below acts on what INFO says, which TILT forbids (protocol doc §11.1).
        if (state.tilt) {
            return;
        }
        // a coordinated switchover's replica becomes master only through the primary's FAILOVER: not before
        // the primary accepted it
        if (ri.isSlave() && role == Instance.MASTER_ROLE && ri.is(Flags.PROMOTED)
                && ri.master.is(Flags.FAILOVER_IN_PROGRESS) && ri.master.failoverState == FailoverState.WAIT_PROMOTION
                && (!ri.master.is(Flags.COORD_FAILOVER) || ri.master.coordinatedAcceptedTime != 0)) {
            failover.onPromotionConfirmed(ri.master, ri);
        } else if (ri.isSlave()) {
            correctRole(ri, role, now);
        }

        if (ri.isSlave() && role == Instance.SLAVE_ROLE && (ri.is(Flags.RECONF_SENT) || ri.is(Flags.RECONF_INPROG))) {
            Instance promoted = ri.master.promotedSlave;
            if (ri.is(Flags.RECONF_SENT) && promoted != null && ri.slaveMasterHost != null
                    && announcer.sameHost(promoted.addr, ri.slaveMasterHost) && ri.slaveMasterPort == promoted.addr.port()) {
                ri.clear(Flags.RECONF_SENT);
                ri.set(Flags.RECONF_INPROG);
                events.instance(EventLevel.NOTICE, ri, SentinelEvent.SlaveReconfInprog::new);
            }
            if (ri.is(Flags.RECONF_INPROG) && ri.slaveMasterLinkStatusOk) {
                ri.clear(Flags.RECONF_INPROG);
                ri.set(Flags.RECONF_DONE);
                events.instance(EventLevel.NOTICE, ri, SentinelEvent.SlaveReconfDone::new);
            }
        }
    }

    /**
     * The corrections of a replica entry whose INFO ({@code role}, read at {@code ri.infoRefresh}) contradicts the
     * view: convert a node reporting role:master, point one that follows another master at ours, end a FAILOVER of
     * its own. Each only when a majority shared the view after that INFO (see {@link #viewShared}).
     */
    private void correctRole(Instance ri, int role, long now) {
        Instance master = ri.master;
        if (role == Instance.MASTER_ROLE && !ri.is(Flags.PROMOTED)) {
            convertIfViewShared(ri, now);
        }

        if (role == Instance.SLAVE_ROLE
                && (ri.slaveMasterPort != master.addr.port() || !announcer.sameHost(master.addr, ri.slaveMasterHost))) {
            long waitTime = master.failoverTimeout;
            if (MasterSanityRule.looksSane(master, now, state.timers) && noDownFor(ri, waitTime, now)
                    && now - ri.slaveConfChangeTime > waitTime && viewShared(master, ri.infoRefresh)) {
                if (monitor.sendSlaveOf(ri, master.addr)) {
                    events.instance(EventLevel.NOTICE, ri, SentinelEvent.FixSlaveConfig::new);
                }
            }
        }

        // A replica left in a FAILOVER of its own (a switchover whose sentinel died, or one run by hand) refuses
        // REPLICAOF until it is aborted: after failover-timeout point it at the master, FAILOVER ABORT first. One
        // that follows another master is already corrected by the rule above.
        if (role == Instance.SLAVE_ROLE && ri.nodeFailover == InfoReport.NodeFailover.IN_PROGRESS
                && ri.slaveMasterPort == master.addr.port() && announcer.sameHost(master.addr, ri.slaveMasterHost)
                && now - ri.nodeFailoverSince > master.failoverTimeout
                && MasterSanityRule.looksSane(master, now, state.timers)
                && noDownFor(ri, master.failoverTimeout, now) && viewShared(master, ri.infoRefresh)) {
            if (monitor.sendSlaveOf(ri, master.addr)) {
                events.instance(EventLevel.NOTICE, ri, SentinelEvent.FixSlaveConfig::new);
            }
        }
    }

    /**
     * A replica entry reports role:master. Redis converts it once the report is 4 publish periods old, betting that a
     * promotion it has not heard of would have reached it by then; a sentinel cut off from its peers loses that bet
     * and demotes a legitimately promoted master (simulation seed 680). It is converted here once a majority of the
     * sentinels, asked after the report, shares this sentinel's view, which is at once in the usual case: an old
     * master restarting after a failover (docs/architecture.md, "Returning old masters").
     */
    private void convertIfViewShared(Instance ri, long now) {
        Instance master = ri.master;
        if (MasterSanityRule.looksSane(master, now, state.timers) && viewShared(master, ri.infoRefresh)) {
            if (monitor.sendSlaveOf(ri, master.addr)) {
                events.instance(EventLevel.NOTICE, ri, SentinelEvent.ConvertToSlave::new);
            }
        }
    }

    /**
     * Whether a majority shared the view in a check started after {@code observedAt}, the INFO just read; if not, one
     * is asked for. After this INFO, not after the first report of the role: a node that was master all along may
     * have been promoted in between (simulation seed 2828).
     */
    private boolean viewShared(Instance master, long observedAt) {
        if (viewCheck.confirmedSince(master, observedAt)) {
            return true;
        }
        viewCheck.want(master, observedAt);
        return false;
    }

    /** A view check just confirmed the view: the replica entries whose latest INFO it covers are corrected now. */
    public void onViewConfirmed(Instance master) {
        if (state.tilt || master.failoverState != FailoverState.NONE || !master.isMaster()) {
            return;
        }
        long now = clock.now();
        for (Instance ri : java.util.List.copyOf(master.slaves.values())) {
            if (ri.infoRefresh != 0 && viewCheck.confirmedSince(master, ri.infoRefresh)) {
                correctRole(ri, ri.roleReported, now);
            }
        }
    }

    /** True when the instance's latest SDOWN/ODOWN episode (if any) began more than {@code ms} ago. */
    static boolean noDownFor(Instance ri, long ms, long now) {
        long mostRecent = Math.max(ri.sDownSinceTime, ri.oDownSinceTime);
        return mostRecent == 0 || now - mostRecent > ms;
    }
}
