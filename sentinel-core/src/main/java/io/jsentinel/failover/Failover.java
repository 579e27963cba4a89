package io.jsentinel.failover;

import io.jsentinel.config.ConfigFlusher;
import io.jsentinel.election.Election;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.InfoReport.NodeFailover;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.PublishedAddresses;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover state machine (protocol doc §5.6, §6): start, election wait, replica selection, promotion
 * and replica reconfiguration. {@link FailoverRules} and {@link ReplicaSelection} decide; this class moves
 * the state, emits and sends. The final switch of the master entry is {@link MasterSwitch}'s.
 */
public final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    private final Monitor monitor;
    private final Election election;
    private final MasterSwitch masterSwitch;
    private final PublishedAddresses published;
    private final ConfigFlusher flusher;
    private final Random random;
    private final IntConsumer crash;
    private final CoordinatedCommands coordinated;
    private final Announcer announcer;

    /** @param crash exits the process with a status (SENTINEL SIMULATE-FAILURE) */
    public Failover(SentinelState state, LoopClock clock, Events events, Monitor monitor, Announcer announcer,
                    Election election, MasterSwitch masterSwitch, PublishedAddresses published, ConfigFlusher flusher,
                    Random random, IntConsumer crash) {
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.monitor = monitor;
        this.election = election;
        this.masterSwitch = masterSwitch;
        this.published = published;
        this.flusher = flusher;
        this.random = random;
        this.crash = crash;
        this.coordinated = new CoordinatedCommands(monitor, announcer);
        this.announcer = announcer;
    }

    /** Starts a failover of {@code master} when {@link FailoverRules#mayStart} allows it; true if started. */
    public boolean startFailoverIfNeeded(Instance master) {
        boolean odown = master.is(Flags.O_DOWN);
        boolean inProgress = master.is(Flags.FAILOVER_IN_PROGRESS);
        long now = clock.now();
        FailoverRules.StartDecision d = FailoverRules.mayStart(odown, inProgress, now, master.oDownSinceTime,
                odown && !inProgress ? FailoverRules.stagger(master, state.myId) : 0, master.failoverStartTime, master.failoverTimeout);
        if (d.reason() == FailoverRules.StartReason.TOO_SOON_AFTER_LAST_ATTEMPT
                && master.failoverDelayLogged != master.failoverStartTime) {
            long at = clock.wallMillis() + (d.retryAt() - now);
            LOG.warn("Next failover delay: I will not start a failover before {}",
                    CTIME.format(Instant.ofEpochMilli(at)));
            master.failoverDelayLogged = master.failoverStartTime;
        }
        if (!d.start()) {
            return false;
        }
        startFailover(master);
        return true;
    }

    static final long SELECT_GRACE_MILLIS = 1000;

    public void startFailover(Instance master) {
        long now = clock.now();
        master.failoverState = FailoverState.WAIT_START;
        master.failoverStateChangeTime = now;
        master.set(Flags.FAILOVER_IN_PROGRESS);
        master.failoverEpoch = ++state.currentEpoch;
        events.global(EventLevel.WARNING, master.name,
                info -> new SentinelEvent.NewEpoch(info, state.currentEpoch));
        events.instance(EventLevel.WARNING, master, SentinelEvent.TryFailover::new);
        published.publish(master);
        master.failoverStartTime = now + random.nextInt(1000);
        master.failoverStateChangeTime = now;
        // Replica selection needs INFO younger than 5 s: ask now instead of waiting for the schedule.
        for (Instance s : master.slaves.values()) {
            if (!s.link.disconnected) {
                monitor.sendInfo(s);
            }
        }
    }

    /**
     * A planned switchover through the primary's FAILOVER (SENTINEL FAILOVER ... COORDINATED): elected like an
     * automatic failover, then the primary hands over once {@code target} (null: the best replica) has every write.
     *
     * @param pauseMillis the longest the primary may hold writes; 0 for what is left of failover-timeout
     */
    public void startCoordinated(Instance master, Instance target, long pauseMillis) {
        startFailover(master);
        master.set(Flags.COORD_FAILOVER);
        master.coordinatedTarget = target;
        master.coordinatedTimeout = pauseMillis;
        master.coordinatedAcceptedTime = 0;
    }

    /** Whether {@code replica} could be promoted now (§6.3; a coordinated one must replicate from the primary). */
    public boolean isCandidate(Instance master, Instance replica, boolean coordinatedSwitchover) {
        return ReplicaSelection.rejection(master, replica, clock.now(), state.timers) == null
                && (!coordinatedSwitchover || ReplicaSelection.followsPrimary(master, replica, announcer::sameHost));
    }

    public void stateMachine(Instance master) {
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
        master.failoverStateChangeTime = clock.now();
        published.publish(master);
    }

    private void waitStart(Instance master) {
        String leader = election.getLeader(master, master.failoverEpoch);
        boolean isLeader = leader != null && leader.equalsIgnoreCase(state.myId);
        if (!isLeader && !master.is(Flags.FORCE_FAILOVER)) {
            if (FailoverRules.electionTimedOut(clock.now(), master.failoverStartTime, state.timers.electionTimeout,
                    master.failoverTimeout)) {
                events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortNotElected::new);
                abort(master);
            }
            return;
        }
        events.instance(EventLevel.WARNING, master, SentinelEvent.ElectedLeader::new);
        if ((state.simFailureFlags & SentinelState.SIMFAILURE_CRASH_AFTER_ELECTION) != 0) {
            crash.accept(99);
        }
        transition(master, FailoverState.WAIT_START, FailoverState.SELECT_SLAVE);
        events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverStateSelectSlave::new);
    }

    private void selectSlave(Instance master) {
        Instance target = master.coordinatedTarget;
        boolean coord = master.is(Flags.COORD_FAILOVER);
        Instance slave = target == null ? selectReplica(master, coord)
                : master.slaves.get(target.name) == target && isCandidate(master, target, coord) ? target : null;
        if (slave == null && clock.now() - master.failoverStateChangeTime < SELECT_GRACE_MILLIS) {
            // We can get here within milliseconds of ODOWN, before the replicas' INFO (asked at the
            // start of the failover) is back, while their last INFO may be older than the 5 s a
            // down master allows. Redis is a tick or two slower here and rarely notices; wait a moment.
            return;
        }
        if (slave == null) {
            events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortNoGoodSlave::new);
            abort(master);
            return;
        }
        events.instance(EventLevel.WARNING, slave, SentinelEvent.SelectedSlave::new);
        slave.set(Flags.PROMOTED);
        master.promotedSlave = slave;
        transition(master, FailoverState.SELECT_SLAVE, FailoverState.SEND_SLAVEOF_NOONE);
        events.instance(EventLevel.NOTICE, slave, SentinelEvent.FailoverStateSendSlaveofNoone::new);
    }

    /** The best replica to promote now, or null (protocol doc §6.3). */
    public Instance selectReplica(Instance master, boolean coordinatedSwitchover) {
        // best() applies §6.3 itself; a coordinated switchover only adds that the replica follows the primary
        return ReplicaSelection.best(master, clock.now(), state.timers,
                s -> !coordinatedSwitchover || ReplicaSelection.followsPrimary(master, s, announcer::sameHost));
    }

    private void sendSlaveOfNoOne(Instance master) {
        if (master.is(Flags.COORD_FAILOVER)) {
            sendFailover(master);
            return;
        }
        Instance promoted = master.promotedSlave;
        if (promoted.link.disconnected) {
            if (FailoverRules.stateTimedOut(clock.now(), master.failoverStateChangeTime, master.failoverTimeout)) {
                events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortSlaveTimeout::new);
                abort(master);
            }
            return;
        }
        if (!monitor.sendSlaveOf(promoted, null)) {
            return;
        }
        // INFO pipelined behind EXEC sees the new role at once: no wait for the next INFO period.
        monitor.sendInfo(promoted);
        events.instance(EventLevel.NOTICE, promoted, SentinelEvent.FailoverStateWaitPromotion::new);
        transition(master, FailoverState.SEND_SLAVEOF_NOONE, FailoverState.WAIT_PROMOTION);
    }

    /** The coordinated step: the primary, not the replica, is told to hand over (Valkey 9's order and texts). */
    private void sendFailover(Instance master) {
        Instance promoted = master.promotedSlave;
        long left = master.failoverTimeout - (clock.now() - master.failoverStateChangeTime);
        if (left < 1000) {
            events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortMasterTimeout::new);
            abort(master);
            return;
        }
        long pause = master.coordinatedTimeout > 0 ? Math.min(master.coordinatedTimeout, left) : left;
        long epoch = master.failoverEpoch;
        if (!coordinated.sendFailover(master, promoted, pause, answer -> onFailoverReply(master, epoch, answer))) {
            return;
        }
        monitor.sendInfo(promoted);
        events.instance(EventLevel.NOTICE, promoted, SentinelEvent.FailoverStateWaitPromotion::new);
        transition(master, FailoverState.SEND_SLAVEOF_NOONE, FailoverState.WAIT_PROMOTION);
    }

    private void onFailoverReply(Instance master, long epoch, CoordinatedCommands.Answer answer) {
        if (master.failoverState != FailoverState.WAIT_PROMOTION || master.failoverEpoch != epoch) {
            return;
        }
        if (answer.refusal() == null) {
            master.coordinatedAcceptedTime = clock.now();
            return;
        }
        LOG.warn("The primary of '{}' refused the switchover: {}", master.name, answer.refusal());
        if (answer.pauseRan() && !answer.anotherFailoverRuns()) {
            coordinated.unpause(master);
        }
        events.instance(EventLevel.WARNING, master,
                (info, ref) -> new SentinelEvent.FailoverAbortRefused(info, ref, answer.refusal()));
        abort(master);
    }

    private void waitPromotion(Instance master) {
        if (master.is(Flags.COORD_FAILOVER) && FailoverRules.primaryGaveUp(master)) {
            events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortMasterTimeout::new);
            abort(master);
            return;
        }
        if (FailoverRules.stateTimedOut(clock.now(), master.failoverStateChangeTime, master.failoverTimeout)) {
            events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverAbortSlaveTimeout::new);
            abort(master);
        }
    }

    /** INFO showed the promoted replica as a master while we wait for it (protocol doc §6.5). */
    public void onPromotionConfirmed(Instance master, Instance promoted) {
        master.configEpoch = master.failoverEpoch;
        transition(master, FailoverState.WAIT_PROMOTION, FailoverState.RECONF_SLAVES);
        flusher.flushConfig();
        events.instance(EventLevel.WARNING, promoted, SentinelEvent.PromotedSlave::new);
        if ((state.simFailureFlags & SentinelState.SIMFAILURE_CRASH_AFTER_PROMOTION) != 0) {
            crash.accept(99);
        }
        if (master.is(Flags.COORD_FAILOVER)) {
            coordinated.finish(master);
            coordinated.finish(promoted);
        }
        events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverStateReconfSlaves::new);
        masterSwitch.clientReconfigScript(master, "leader", master.addr, promoted.addr);
        monitor.forceHelloUpdate(master);
        // Tell the peers now rather than on the next tick: they switch on this hello.
        for (Instance p : master.sentinels.values()) {
            monitor.sendHello(p);
        }
    }

    private void reconfNextSlave(Instance master) {
        long now = clock.now();
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
            if (s.is(Flags.RECONF_SENT)
                    && FailoverRules.replicaReconfTimedOut(now, s.slaveReconfSentTime, state.timers.slaveReconfTimeout)) {
                events.instance(EventLevel.NOTICE, s, SentinelEvent.SlaveReconfSentTimeout::new);
                s.clear(Flags.RECONF_SENT);
                s.set(Flags.RECONF_DONE);
            }
            if (s.is(Flags.RECONF_SENT) || s.is(Flags.RECONF_INPROG) || s.link.disconnected) {
                continue;
            }
            if (monitor.sendSlaveOf(s, master.promotedSlave.addr)) {
                s.set(Flags.RECONF_SENT);
                s.slaveReconfSentTime = now;
                events.instance(EventLevel.NOTICE, s, SentinelEvent.SlaveReconfSent::new);
                monitor.sendInfo(s);
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
        if (FailoverRules.stateTimedOut(clock.now(), master.failoverStateChangeTime, master.failoverTimeout)) {
            notReconfigured = 0;
            timeout = true;
            events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverEndForTimeout::new);
        }
        if (notReconfigured == 0) {
            events.instance(EventLevel.WARNING, master, SentinelEvent.FailoverEnd::new);
            transition(master, FailoverState.RECONF_SLAVES, FailoverState.UPDATE_CONFIG);
        }
        if (timeout) {
            for (Instance s : master.slaves.values()) {
                if (s.is(Flags.PROMOTED) || s.is(Flags.RECONF_DONE) || s.is(Flags.RECONF_SENT)
                        || s.link.disconnected) {
                    continue;
                }
                if (monitor.sendSlaveOf(s, promoted.addr)) {
                    events.instance(EventLevel.NOTICE, s, SentinelEvent.SlaveReconfSentBe::new);
                    s.set(Flags.RECONF_SENT);
                }
            }
        }
    }

    private void abort(Instance master) {
        if (master.failoverState.ordinal() > FailoverState.WAIT_PROMOTION.ordinal()) {
            throw new IllegalStateException("abort of " + master.name + " in " + master.failoverState);
        }
        if (master.is(Flags.COORD_FAILOVER) && master.failoverState == FailoverState.WAIT_PROMOTION
                && master.coordinatedAcceptedTime != 0) {
            coordinated.undo(master, master.roleReported == Instance.MASTER_ROLE
                    && master.nodeFailover == NodeFailover.IN_PROGRESS);
        }
        master.clear(Flags.COORD_FAILOVER);
        master.coordinatedTarget = null;
        master.coordinatedAcceptedTime = 0;
        master.clear(Flags.FAILOVER_IN_PROGRESS);
        master.clear(Flags.FORCE_FAILOVER);
        master.failoverState = FailoverState.NONE;
        master.failoverStateChangeTime = clock.now();
        if (master.promotedSlave != null) {
            master.promotedSlave.clear(Flags.PROMOTED);
            master.promotedSlave = null;
        }
        published.publish(master);
    }
}
