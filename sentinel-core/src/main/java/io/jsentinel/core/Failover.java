package io.jsentinel.core;

import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover state machine (protocol doc §5.6, §6): start, election wait, replica selection,
 * promotion, replica reconfiguration, and the switch of the master entry.
 */
final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private final SentinelCore core;
    private final SentinelState state;

    Failover(SentinelCore core) {
        this.core = core;
        this.state = core.state;
    }

    boolean startFailoverIfNeeded(Instance master) {
        if (!master.is(Flags.O_DOWN) || master.is(Flags.FAILOVER_IN_PROGRESS)) {
            return false;
        }
        long now = core.now();
        if (now - master.oDownSinceTime < startStagger(master)) {
            return false;
        }
        if (now - master.failoverStartTime < master.failoverTimeout * 2) {
            if (master.failoverDelayLogged != master.failoverStartTime) {
                long at = core.clock.wallMillis() + (master.failoverStartTime + master.failoverTimeout * 2 - now);
                LOG.warn("Next failover delay: I will not start a failover before {}",
                        CTIME.format(Instant.ofEpochMilli(at)));
                master.failoverDelayLogged = master.failoverStartTime;
            }
            return false;
        }
        startFailover(master);
        return true;
    }

    /** Delay between ODOWN and our failover attempt, by our rank among the known sentinels. */
    static final long STAGGER_STEP_MILLIS = 250;

    /**
     * Sentinels that reach ODOWN together would each ask for votes for themselves and split them. The
     * sentinel with the smallest run id goes first, the next one {@link #STAGGER_STEP_MILLIS} later,
     * and so on: by then the first one has usually collected the votes (which also block the others'
     * attempts), and if it is down or partitioned the next one takes over after one step.
     */
    long startStagger(Instance master) {
        int rank = 0;
        for (Instance p : master.sentinels.values()) {
            if (p.runId != null && p.runId.compareToIgnoreCase(state.myId) < 0 && !p.is(Flags.S_DOWN)) {
                rank++;
            }
        }
        return rank * STAGGER_STEP_MILLIS;
    }

    static final long SELECT_GRACE_MILLIS = 1000;

    void startFailover(Instance master) {
        long now = core.now();
        master.failoverState = FailoverState.WAIT_START;
        master.failoverStateChangeTime = now;
        master.set(Flags.FAILOVER_IN_PROGRESS);
        master.failoverEpoch = ++state.currentEpoch;
        core.events.global(EventLevel.WARNING, master.name,
                info -> new SentinelEvent.NewEpoch(info, state.currentEpoch));
        core.events.instance(EventLevel.WARNING, master, SentinelEvent.TryFailover::new);
        core.publishMasterAddress(master);
        master.failoverStartTime = now + core.random.nextInt(1000);
        master.failoverStateChangeTime = now;
        // Replica selection needs INFO younger than 5 s: ask now instead of waiting for the schedule.
        for (Instance s : master.slaves.values()) {
            if (!s.link.disconnected) {
                core.monitor.sendInfo(s);
            }
        }
    }

    void stateMachine(Instance master) {
        // Redis takes one step per tick; steps that do not wait for anything are chained here instead,
        // which gives the same events in the same order, a few ticks sooner.
        FailoverState before;
        do {
            before = master.failoverState;
            step(master);
        } while (master.failoverState != before && (master.failoverState == FailoverState.SELECT_SLAVE
                || master.failoverState == FailoverState.SEND_SLAVEOF_NOONE));
    }

    private void step(Instance master) {
        if (!master.is(Flags.FAILOVER_IN_PROGRESS)) {
            return;
        }
        switch (master.failoverState) {
            case WAIT_START -> waitStart(master);
            case SELECT_SLAVE -> selectSlave(master);
            case SEND_SLAVEOF_NOONE -> sendSlaveOfNoOne(master);
            case WAIT_PROMOTION -> waitPromotion(master);
            case RECONF_SLAVES -> reconfNextSlave(master);
            default -> {
            }
        }
    }

    private void transition(Instance master, FailoverState from, FailoverState to) {
        if (master.failoverState != from) {
            throw new IllegalStateException("failover of " + master.name + ": " + master.failoverState + " -> " + to
                    + " expected from " + from);
        }
        master.failoverState = to;
        master.failoverStateChangeTime = core.now();
        core.publishMasterAddress(master);
    }

    private void waitStart(Instance master) {
        String leader = core.election.getLeader(master, master.failoverEpoch);
        boolean isLeader = leader != null && leader.equalsIgnoreCase(state.myId);
        if (!isLeader && !master.is(Flags.FORCE_FAILOVER)) {
            long electionTimeout = Math.min(state.timers.electionTimeout, master.failoverTimeout);
            if (core.now() - master.failoverStartTime > electionTimeout) {
                core.events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortNotElected::new);
                abort(master);
            }
            return;
        }
        core.events.instance(EventLevel.WARNING, master, SentinelEvent.ElectedLeader::new);
        if ((state.simFailureFlags & SentinelState.SIMFAILURE_CRASH_AFTER_ELECTION) != 0) {
            core.crash(99);
        }
        transition(master, FailoverState.WAIT_START, FailoverState.SELECT_SLAVE);
        core.events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverStateSelectSlave::new);
    }

    private void selectSlave(Instance master) {
        Instance slave = selectReplica(master);
        if (slave == null && core.now() - master.failoverStateChangeTime < SELECT_GRACE_MILLIS) {
            // We can get here within milliseconds of ODOWN, before the replicas' INFO (asked at the
            // start of the failover) is back, while their last INFO may be older than the 5 s a
            // down master allows. Redis is a tick or two slower here and rarely notices; wait a moment.
            return;
        }
        if (slave == null) {
            core.events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortNoGoodSlave::new);
            abort(master);
            return;
        }
        core.events.instance(EventLevel.WARNING, slave, SentinelEvent.SelectedSlave::new);
        slave.set(Flags.PROMOTED);
        master.promotedSlave = slave;
        transition(master, FailoverState.SELECT_SLAVE, FailoverState.SEND_SLAVEOF_NOONE);
        core.events.instance(EventLevel.NOTICE, slave, SentinelEvent.FailoverStateSendSlaveofNoone::new);
    }

    /** The best replica to promote now, or null (protocol doc §6.3). */
    Instance selectReplica(Instance master) {
        return ReplicaSelection.best(master, core.now(), state.timers);
    }

    private void sendSlaveOfNoOne(Instance master) {
        Instance promoted = master.promotedSlave;
        if (promoted.link.disconnected) {
            if (core.now() - master.failoverStateChangeTime > master.failoverTimeout) {
                core.events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortSlaveTimeout::new);
                abort(master);
            }
            return;
        }
        if (!core.monitor.sendSlaveOf(promoted, null)) {
            return;
        }
        // INFO pipelined behind EXEC sees the new role at once: no wait for the next INFO period.
        core.monitor.sendInfo(promoted);
        core.events.instance(EventLevel.NOTICE, promoted, SentinelEvent.FailoverStateWaitPromotion::new);
        transition(master, FailoverState.SEND_SLAVEOF_NOONE, FailoverState.WAIT_PROMOTION);
    }

    private void waitPromotion(Instance master) {
        if (core.now() - master.failoverStateChangeTime > master.failoverTimeout) {
            core.events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortSlaveTimeout::new);
            abort(master);
        }
    }

    /** INFO showed the promoted replica as a master while we wait for it (protocol doc §6.5). */
    void onPromotionConfirmed(Instance master, Instance promoted) {
        master.configEpoch = master.failoverEpoch;
        transition(master, FailoverState.WAIT_PROMOTION, FailoverState.RECONF_SLAVES);
        core.flushConfig();
        core.events.instance(EventLevel.WARNING, promoted, SentinelEvent.PromotedSlave::new);
        if ((state.simFailureFlags & SentinelState.SIMFAILURE_CRASH_AFTER_PROMOTION) != 0) {
            core.crash(99);
        }
        core.events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverStateReconfSlaves::new);
        clientReconfigScript(master, "leader", master.addr, promoted.addr);
        core.monitor.forceHelloUpdate(master);
        // Tell the peers now rather than on the next tick: they switch on this hello.
        for (Instance p : master.sentinels.values()) {
            core.monitor.sendHello(p);
        }
    }

    private void reconfNextSlave(Instance master) {
        long now = core.now();
        int inProgress = 0;
        for (Instance s : master.slaves.values()) {
            if (s.is(Flags.RECONF_SENT) || s.is(Flags.RECONF_INPROG)) {
                inProgress++;
            }
        }
        for (Instance s : master.slaves.values()) {
            if (inProgress >= master.parallelSyncs) {
                break;
            }
            if (s.is(Flags.PROMOTED) || s.is(Flags.RECONF_DONE)) {
                continue;
            }
            if (s.is(Flags.RECONF_SENT) && now - s.slaveReconfSentTime > state.timers.slaveReconfTimeout) {
                core.events.instance(EventLevel.NOTICE, s, SentinelEvent.SlaveReconfSentTimeout::new);
                s.clear(Flags.RECONF_SENT);
                s.set(Flags.RECONF_DONE);
            }
            if (s.is(Flags.RECONF_SENT) || s.is(Flags.RECONF_INPROG) || s.link.disconnected) {
                continue;
            }
            if (core.monitor.sendSlaveOf(s, master.promotedSlave.addr)) {
                s.set(Flags.RECONF_SENT);
                s.slaveReconfSentTime = now;
                core.events.instance(EventLevel.NOTICE, s, SentinelEvent.SlaveReconfSent::new);
                core.monitor.sendInfo(s);
                inProgress++;
            }
        }
        detectEnd(master);
    }

    private void detectEnd(Instance master) {
        Instance promoted = master.promotedSlave;
        if (promoted == null || promoted.is(Flags.S_DOWN)) {
            return;
        }
        int notReconfigured = 0;
        for (Instance s : master.slaves.values()) {
            if (s.is(Flags.PROMOTED) || s.is(Flags.RECONF_DONE) || s.is(Flags.S_DOWN)) {
                continue;
            }
            notReconfigured++;
        }
        boolean timeout = false;
        if (core.now() - master.failoverStateChangeTime > master.failoverTimeout) {
            notReconfigured = 0;
            timeout = true;
            core.events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverEndForTimeout::new);
        }
        if (notReconfigured == 0) {
            core.events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverEnd::new);
            transition(master, FailoverState.RECONF_SLAVES, FailoverState.UPDATE_CONFIG);
        }
        if (timeout) {
            for (Instance s : master.slaves.values()) {
                if (s.is(Flags.PROMOTED) || s.is(Flags.RECONF_DONE) || s.is(Flags.RECONF_SENT)
                        || s.link.disconnected) {
                    continue;
                }
                if (core.monitor.sendSlaveOf(s, promoted.addr)) {
                    core.events.instance(EventLevel.NOTICE, s, SentinelEvent.SlaveReconfSentBe::new);
                    s.set(Flags.RECONF_SENT);
                }
            }
        }
    }

    void abort(Instance master) {
        if (master.failoverState.ordinal() > FailoverState.WAIT_PROMOTION.ordinal()) {
            throw new IllegalStateException("abort of " + master.name + " in " + master.failoverState);
        }
        master.clear(Flags.FAILOVER_IN_PROGRESS);
        master.clear(Flags.FORCE_FAILOVER);
        master.failoverState = FailoverState.NONE;
        master.failoverStateChangeTime = core.now();
        if (master.promotedSlave != null) {
            master.promotedSlave.clear(Flags.PROMOTED);
            master.promotedSlave = null;
        }
        core.publishMasterAddress(master);
    }

    /** The leader's final step: publish +switch-master and rebuild the master at the promoted address. */
    void switchToPromotedSlave(Instance master) {
        Instance ref = master.promotedSlave != null ? master.promotedSlave : master;
        core.events.global(EventLevel.WARNING, master.name, info -> new SentinelEvent.SwitchMaster(info,
                master.name, core.events.announced(master.addr), core.events.announced(ref.addr)));
        resetMasterAndChangeAddress(master, ref.addr);
    }

    /** Protocol doc §6.7: keep the peers, rebuild the replica list around the new address. */
    void resetMasterAndChangeAddress(Instance master, Endpoint newAddr) {
        List<Endpoint> replicas = new ArrayList<>();
        for (Instance s : master.slaves.values()) {
            if (!s.addr.equals(newAddr)) {
                replicas.add(s.addr);
            }
        }
        if (!master.addr.equals(newAddr)) {
            replicas.add(master.addr);
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
            Instance s = core.createSlave(master, addr);
            core.events.instance(EventLevel.NOTICE, s, SentinelEvent.ReplicaAdded::new);
        }
        core.publishMasterAddress(master);
        core.flushConfig();
    }

    /** SENTINEL RESET and the master switch (protocol doc §6.7 step 2). */
    void resetMaster(Instance master, boolean resetSentinels, boolean generateEvent) {
        for (Instance s : master.slaves.values()) {
            core.monitor.releaseLink(s);
        }
        master.slaves.clear();
        if (resetSentinels) {
            for (Instance p : master.sentinels.values()) {
                core.monitor.releaseLink(p);
            }
            master.sentinels.clear();
        }
        core.monitor.closeCommandConnection(master.link);
        core.monitor.closePubSubConnection(master.link);
        long now = core.now();
        master.flags &= Flags.MASTER;
        master.leader = null;
        master.failoverState = FailoverState.NONE;
        master.failoverStateChangeTime = 0;
        master.failoverStartTime = 0;
        master.promotedSlave = null;
        master.runId = null;
        master.info = null;
        master.infoRefresh = 0;
        master.roleReported = Instance.MASTER_ROLE;
        master.roleReportedTime = now;
        master.link.actPingTime = now;
        master.link.lastPingTime = 0;
        master.link.lastAvailTime = now;
        master.link.lastPongTime = now;
        // not published here: on a switch the address is still the old one at this point, and a client that
        // has seen +switch-master must never be answered the old address (the caller publishes)
        if (generateEvent) {
            core.events.instance(EventLevel.WARNING, master, SentinelEvent.MasterReset::new);
        }
    }

    /** Queues the client-reconfig script, when one is configured (protocol doc §10). */
    void clientReconfigScript(Instance master, String role, Endpoint from, Endpoint to) {
        if (master.clientReconfigScript == null) {
            return;
        }
        core.scripts.schedule(master.clientReconfigScript, List.of(master.name, role, "start", from.host(),
                Integer.toString(from.port()), to.host(), Integer.toString(to.port())));
    }
}
