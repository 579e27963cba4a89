package io.jsentinel.detect;

import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.RespValues;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Applies the detection rules to the state (protocol doc §5.1-5.3, §11.1): TILT ({@link TiltRule}), stuck
 * links ({@link StuckLinkRule}), SDOWN ({@link SubjectiveDownRule}), ODOWN ({@link ObjectiveDownRule}), and asks
 * the peers whether they hold a master down. The rules decide; this class records, emits and sends.
 */
public final class Detector {
    /** What an answer from a peer can set in motion at once instead of on the next tick. */
    public interface Reactions {
        /** ODOWN, the failover start and the failover state machine of one master, in the tick's order. */
        void evaluateMaster(Instance master);

        /** Steps the failover of {@code master} (a vote for it arrived). */
        void advanceFailover(Instance master);
    }

    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    private final Monitor monitor;
    private final Announcer announcer;
    private final LongConsumer wakeAt;
    private final Reactions reactions;

    private boolean ticked;

    /** @param wakeAt asks for a tick no later than the given time (loop time base) */
    public Detector(SentinelState state, LoopClock clock, Events events, Monitor monitor, Announcer announcer,
                    LongConsumer wakeAt, Reactions reactions) {
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.monitor = monitor;
        this.announcer = announcer;
        this.wakeAt = wakeAt;
        this.reactions = reactions;
    }

    /** Enters TILT on a negative or too large wall-clock gap between ticks. */
    public void checkTiltCondition() {
        long wall = clock.wallMillis();
        TiltRule.Decision d = TiltRule.onTick(!ticked, wall - state.previousTime, state.timers.tiltTrigger);
        ticked = true;
        if (d.enter()) {
            state.tilt = true;
            state.tiltStartTime = clock.now();
            events.global(EventLevel.WARNING, null, SentinelEvent.TiltEntered::new);
        }
        state.previousTime = wall;
    }

    /** Leaves TILT once its period is over; true while still in TILT. */
    public boolean stillInTilt() {
        if (!state.tilt) {
            return false;
        }
        if (!TiltRule.exitDue(clock.now(), state.tiltStartTime, state.timers.tiltPeriod)) {
            return true;
        }
        state.tilt = false;
        events.global(EventLevel.WARNING, null, SentinelEvent.TiltExited::new);
        return false;
    }

    public void checkSubjectivelyDown(Instance ri) {
        long now = clock.now();
        // Both decisions read the link as it is before either reopens a connection.
        SubjectiveDownRule.Decision down = SubjectiveDownRule.decide(SubjectiveDownRule.Input.of(ri, now, state.timers));
        StuckLinkRule.Decision stuck = StuckLinkRule.decide(ri.link, ri.downAfterPeriod, now, state.timers);
        if (stuck.reopenCommandLink()) {
            monitor.closeCommandConnection(ri.link);
        }
        if (stuck.reopenPubSubLink()) {
            monitor.closePubSubConnection(ri.link);
        }
        if (down.recheckAt() != SubjectiveDownRule.NO_RECHECK) {
            // Check again the moment the period runs out instead of on whichever tick comes next.
            wakeAt.accept(down.recheckAt());
        }
        if (down.down()) {
            if (!ri.is(Flags.S_DOWN)) {
                events.instance(EventLevel.WARNING, ri, SentinelEvent.SubjectivelyDown::new);
                ri.sDownSinceTime = now;
                ri.set(Flags.S_DOWN);
            }
        } else if (ri.is(Flags.S_DOWN)) {
            ri.clear(Flags.S_DOWN);
            ri.clear(Flags.SCRIPT_KILL_SENT);
            events.instance(EventLevel.WARNING, ri, SentinelEvent.SubjectivelyDownEnded::new);
        }
    }

    public void checkObjectivelyDown(Instance master) {
        long now = clock.now();
        ObjectiveDownRule.Decision d = ObjectiveDownRule.decide(master.is(Flags.S_DOWN),
                ObjectiveDownRule.peersSayingDown(master, now, state.timers.askPeriod * 5), master.quorum);
        if (d.odown()) {
            if (!master.is(Flags.O_DOWN)) {
                events.instance(EventLevel.WARNING, master,
                        (info, ref) -> new SentinelEvent.ObjectivelyDown(info, ref, d.agreeing(), d.quorum()));
                master.set(Flags.O_DOWN);
                master.oDownSinceTime = now;
            }
        } else if (master.is(Flags.O_DOWN)) {
            master.clear(Flags.O_DOWN);
            events.instance(EventLevel.WARNING, master, SentinelEvent.ObjectivelyDownEnded::new);
        }
    }

    /** Sends IS-MASTER-DOWN-BY-ADDR to peers; {@code force} asks all at once (failover start). */
    public void askMasterStateToOtherSentinels(Instance master, boolean force) {
        long now = clock.now();
        // Asking may drop a link and with it change the map; without SDOWN (every tick, every master) no
        // ask is sent and the copy is not needed.
        // A coordinated switchover asks for votes for a master that is up (it is planned, not a failure).
        boolean mayAsk = master.is(Flags.S_DOWN)
                || (master.is(Flags.COORD_FAILOVER) && master.failoverState == FailoverState.WAIT_START);
        for (Instance p : mayAsk ? List.copyOf(master.sentinels.values()) : master.sentinels.values()) {
            long elapsed = now - p.lastMasterDownReplyTime;
            if (elapsed > state.timers.askPeriod * 5) {
                p.clear(Flags.MASTER_DOWN);
                p.leader = null;
            }
            if (!mayAsk || p.link.disconnected) {
                continue;
            }
            if (!force && elapsed < askInterval(master)) {
                continue;
            }
            ask(master, p);
        }
    }

    private void ask(Instance master, Instance p) {
        String runId = master.failoverState != FailoverState.NONE ? state.myId : "*";
        if (monitor.send(p.link.cc, p, reply -> onIsMasterDownReply(p, reply),
                p.command("SENTINEL"), "is-master-down-by-addr", announcer.host(master.addr),
                Integer.toString(master.addr.port()), Long.toString(state.currentEpoch), runId)) {
            p.lastMasterDownAskTime = clock.now();
        }
    }

    /**
     * A peer asked us whether {@code master} is down. Sentinels ask only while they hold the master
     * SDOWN themselves, so if we do too and lack the quorum, asking back now gets a "down" answer at
     * once instead of on our next periodic ask. At most one unanswered ask per peer.
     */
    public void onAskedByPeer(Instance master) {
        if (state.tilt || !master.isMaster() || !master.is(Flags.S_DOWN) || master.is(Flags.O_DOWN)) {
            return;
        }
        long now = clock.now();
        for (Instance p : List.copyOf(master.sentinels.values())) {
            boolean unanswered = p.lastMasterDownAskTime > p.lastMasterDownReplyTime
                    && now - p.lastMasterDownAskTime < ASK_BACK_RETRY_MILLIS;
            if (p.is(Flags.MASTER_DOWN) || p.link.disconnected || unanswered) {
                continue;
            }
            ask(master, p);
        }
    }

    static final long ASK_BACK_RETRY_MILLIS = 100;

    /**
     * Redis asks once per ask-period. Until the master is ODOWN we ask every {@link #FAST_ASK_MILLIS}:
     * peers reach SDOWN up to a ping period apart, and each answer that arrives early saves that much
     * of the failover time. Answers are cheap and the pending-command cap still applies.
     */
    private long askInterval(Instance master) {
        return master.is(Flags.O_DOWN) ? state.timers.askPeriod : Math.min(FAST_ASK_MILLIS, state.timers.askPeriod);
    }

    static final long FAST_ASK_MILLIS = 100;

    private void onIsMasterDownReply(Instance peer, RespValue reply) {
        // Only the exact [integer, bulk, integer] shape is accepted, as redis-sentinel does.
        if (RespValues.isIsMasterDownReply(reply)) {
            List<RespValue> items = ((RespValue.Array) reply).items();
            RespValue.Integer down = (RespValue.Integer) items.get(0);
            RespValue.BulkString leader = (RespValue.BulkString) items.get(1);
            RespValue.Integer epoch = (RespValue.Integer) items.get(2);
            peer.lastMasterDownReplyTime = clock.now();
            Instance master = peer.master;
            if (down.value() == 1) {
                peer.set(Flags.MASTER_DOWN);
                // This answer may complete the quorum: act on it now rather than on the next tick.
                if (!state.tilt && master.is(Flags.S_DOWN) && !master.is(Flags.O_DOWN)) {
                    reactions.evaluateMaster(master);
                }
            } else {
                peer.clear(Flags.MASTER_DOWN);
            }
            String voted = leader.utf8();
            if (!"*".equals(voted)) {
                peer.leader = voted;
                peer.leaderEpoch = epoch.value();
                // A vote for the failover we are running: count it now rather than on the next tick.
                if (!state.tilt && master.failoverState == FailoverState.WAIT_START
                        && epoch.value() == master.failoverEpoch) {
                    reactions.advanceFailover(master);
                }
            }
        }
    }
}
