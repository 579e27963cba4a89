package io.jsentinel.core;

import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.RespValues;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.InstanceLink;
import io.jsentinel.state.SentinelState;
import java.util.List;

/** TILT, SDOWN, ODOWN and asking peers about a master (protocol doc §5.1-5.3, §11.1). */
final class Detector {
    private final SentinelCore core;
    private final SentinelState state;

    private boolean ticked;

    Detector(SentinelCore core) {
        this.core = core;
        this.state = core.state;
    }

    /** Enters TILT on a negative or too large wall-clock gap between ticks. */
    void checkTiltCondition() {
        long wall = core.clock.wallMillis();
        long delta = wall - state.previousTime;
        // The first tick has no previous tick: a slow start-up is not a clock jump.
        boolean firstTick = !ticked;
        ticked = true;
        if (!firstTick && (delta < 0 || delta > state.timers.tiltTrigger)) {
            state.tilt = true;
            state.tiltStartTime = core.now();
            core.events.global(EventLevel.WARNING, null, SentinelEvent.TiltEntered::new);
        }
        state.previousTime = wall;
    }

    void checkSubjectivelyDown(Instance ri) {
        long now = core.now();
        InstanceLink link = ri.link;
        long elapsed = 0;
        if (link.actPingTime != 0) {
            elapsed = now - link.actPingTime;
        } else if (link.disconnected) {
            elapsed = now - link.lastAvailTime;
        }
        long half = ri.downAfterPeriod / 2;
        // A command link with a PING pending for long and no reply of any kind is stuck: reopen it.
        if (link.cc != null && now - link.ccConnTime > state.timers.minLinkReconnectPeriod
                && link.actPingTime != 0 && now - link.actPingTime > half && now - link.lastPongTime > half) {
            core.monitor.closeCommandConnection(link);
        }
        // A pub/sub link hears our own hellos every publish period, so silence means it is dead.
        if (link.pc != null && now - link.pcConnTime > state.timers.minLinkReconnectPeriod
                && now - link.pcLastActivity > state.timers.publishPeriod * 3) {
            core.monitor.closePubSubConnection(link);
        }

        if (elapsed > 0 && elapsed <= ri.downAfterPeriod) {
            // Check again the moment the period runs out instead of on whichever tick comes next.
            core.wakeAt(now - elapsed + ri.downAfterPeriod + 1);
        }
        boolean down = elapsed > ri.downAfterPeriod
                || (ri.isMaster() && ri.roleReported == Instance.SLAVE_ROLE
                        && now - ri.roleReportedTime > ri.downAfterPeriod + state.timers.infoPeriod * 2)
                || (ri.isMaster() && ri.is(Flags.MASTER_REBOOT)
                        && now - ri.masterRebootSinceTime > ri.masterRebootDownAfterPeriod);
        if (down) {
            if (!ri.is(Flags.S_DOWN)) {
                core.events.instance(EventLevel.WARNING, ri, SentinelEvent.SubjectivelyDown::new);
                ri.sDownSinceTime = now;
                ri.set(Flags.S_DOWN);
            }
        } else if (ri.is(Flags.S_DOWN)) {
            ri.clear(Flags.S_DOWN);
            ri.clear(Flags.SCRIPT_KILL_SENT);
            core.events.instance(EventLevel.WARNING, ri, SentinelEvent.SubjectivelyDownEnded::new);
        }
    }

    void checkObjectivelyDown(Instance master) {
        int agreeing = master.is(Flags.S_DOWN) ? 1 + peersAgreeingDown(master) : 0;
        boolean odown = master.is(Flags.S_DOWN) && agreeing >= master.quorum;
        if (odown) {
            if (!master.is(Flags.O_DOWN)) {
                core.events.instance(EventLevel.WARNING, master,
                        (info, ref) -> new SentinelEvent.ObjectivelyDown(info, ref, agreeing, master.quorum));
                master.set(Flags.O_DOWN);
                master.oDownSinceTime = core.now();
            }
        } else if (master.is(Flags.O_DOWN)) {
            master.clear(Flags.O_DOWN);
            core.events.instance(EventLevel.WARNING, master, SentinelEvent.ObjectivelyDownEnded::new);
        }
    }

    private int peersAgreeingDown(Instance master) {
        int agreeing = 0;
        for (Instance p : master.sentinels.values()) {
            // Fresh replies only: TILT skips the expiry in askMasterStateToOtherSentinels (sim seed 3601).
            if (p.is(Flags.MASTER_DOWN) && core.now() - p.lastMasterDownReplyTime <= state.timers.askPeriod * 5) {
                agreeing++;
            }
        }
        return agreeing;
    }

    /** Sends IS-MASTER-DOWN-BY-ADDR to peers; {@code force} asks all at once (failover start). */
    void askMasterStateToOtherSentinels(Instance master, boolean force) {
        long now = core.now();
        // Asking may drop a link and with it change the map; without SDOWN (every tick, every master) no
        // ask is sent and the copy is not needed.
        boolean mayAsk = master.is(Flags.S_DOWN);
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
        if (core.monitor.send(p.link.cc, p, reply -> onIsMasterDownReply(p, reply),
                core.cmd(p, "SENTINEL"), "is-master-down-by-addr", core.announcer.host(master.addr),
                Integer.toString(master.addr.port()), Long.toString(state.currentEpoch), runId)) {
            p.lastMasterDownAskTime = core.now();
        }
    }

    /**
     * A peer asked us whether {@code master} is down. Sentinels ask only while they hold the master
     * SDOWN themselves, so if we do too and lack the quorum, asking back now gets a "down" answer at
     * once instead of on our next periodic ask. At most one unanswered ask per peer.
     */
    void onAskedByPeer(Instance master) {
        if (state.tilt || !master.isMaster() || !master.is(Flags.S_DOWN) || master.is(Flags.O_DOWN)) {
            return;
        }
        long now = core.now();
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
            peer.lastMasterDownReplyTime = core.now();
            Instance master = peer.master;
            if (down.value() == 1) {
                peer.set(Flags.MASTER_DOWN);
                // This answer may complete the quorum: act on it now rather than on the next tick.
                if (!state.tilt && master.is(Flags.S_DOWN) && !master.is(Flags.O_DOWN)) {
                    core.evaluateMaster(master);
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
                    core.failover.stateMachine(master);
                }
            }
        }
    }

    /** Protocol doc §3.3: a master in config that reports master, is not down, and has fresh INFO. */
    boolean masterLooksSane(Instance master) {
        return master.isMaster() && master.roleReported == Instance.MASTER_ROLE
                && !master.is(Flags.S_DOWN) && !master.is(Flags.O_DOWN)
                && core.now() - master.infoRefresh < state.timers.infoPeriod * 2;
    }
}
