package io.jsentinel.discovery;

import io.jsentinel.detect.ViewAgreementRule;
import io.jsentinel.detect.ViewAgreementRule.PeerAnswer;
import io.jsentinel.link.Connection;
import io.jsentinel.link.RespValues;
import io.jsentinel.state.Announcer;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Asks the peers, when a node reports a role against this sentinel's view of its master, whether they share that
 * view ({@link ViewAgreementRule}); a majority that agrees, asked after the report, lets the node be corrected at
 * once instead of after Redis' fixed wait (docs/architecture.md, "Returning old masters"). One check per master in
 * flight; one that has not gathered a majority within {@link #CHECK_TIMEOUT_MILLIS} ends, and another starts at most
 * every {@link #RETRY_MILLIS} while a node is still waiting for it.
 */
public final class ViewCheck {
    static final long CHECK_TIMEOUT_MILLIS = 1_000;
    static final long RETRY_MILLIS = 1_000;
    /** A wish lapses when no report renews it for this long (a replica's INFO comes every 10 s). */
    static final long WANT_LIFETIME_MILLIS = 25_000;

    private final SentinelState state;
    private final LoopClock clock;
    private final Monitor monitor;
    private final Announcer announcer;
    private final Consumer<Instance> onConfirmed;

    public ViewCheck(SentinelState state, LoopClock clock, Monitor monitor, Announcer announcer,
                     Consumer<Instance> onConfirmed) {
        this.state = state;
        this.clock = clock;
        this.monitor = monitor;
        this.announcer = announcer;
        this.onConfirmed = onConfirmed;
    }

    /** Whether a majority shared the current view in a check started no earlier than {@code observedAt}. */
    public boolean confirmedSince(Instance master, long observedAt) {
        return master.viewConfirmedAsOf != 0 && master.viewConfirmedAsOf >= observedAt
                && master.viewConfirmedEpoch == master.configEpoch && master.addr.equals(master.viewConfirmedAddress);
    }

    /** A node reported, at {@code observedAt}, a role against the view: a check now, unless one is in flight. */
    public void want(Instance master, long observedAt) {
        master.viewWantedFor = Math.max(master.viewWantedFor, observedAt);
        master.viewWantedAt = clock.now();
        maybeStart(master);
    }

    /** Once per tick and master: ends a check that took too long, retries one still wanted. */
    public void tick(Instance master) {
        long now = clock.now();
        if (master.viewCheckAwaited > 0 && now - master.viewCheckStartedAt > CHECK_TIMEOUT_MILLIS) {
            end(master);
        }
        if (master.viewWantedFor == 0) {
            return;
        }
        if (confirmedSince(master, master.viewWantedFor) || now - master.viewWantedAt > WANT_LIFETIME_MILLIS) {
            master.viewWantedFor = 0;
            return;
        }
        maybeStart(master);
    }

    private void maybeStart(Instance master) {
        long now = clock.now();
        boolean started = master.viewCheckStartedAt != 0;
        if (master.viewCheckAwaited > 0 || state.tilt || (started && now - master.viewCheckStartedAt < RETRY_MILLIS)) {
            return;
        }
        master.viewCheckStartedAt = now;
        if (master.failoverState != FailoverState.NONE || !ViewAgreementRule.settledIn(master, now, state.timers)) {
            return;
        }
        int generation = ++master.viewCheckGeneration;
        master.viewCheckAddress = master.addr;
        master.viewCheckEpoch = master.configEpoch;
        ViewAgreementRule.noteVote(master, master.leaderEpoch, now);
        boolean ownVoteStands = ViewAgreementRule.voteStandsAgainst(master, master.leaderEpoch, master.configEpoch, now,
                ViewAgreementRule.electionSettleMillis(master, state.timers));
        master.viewCheckAgreeing = ownVoteStands ? 0 : 1;
        master.viewCheckAwaited = 0;
        if (ViewAgreementRule.enough(master, master.viewCheckAgreeing)) {
            confirm(master);
            return;
        }
        for (Instance peer : List.copyOf(master.sentinels.values())) {
            if (ask(master, peer, generation)) {
                master.viewCheckAwaited++;
            }
        }
    }

    private boolean ask(Instance master, Instance peer, int generation) {
        Connection c = peer.link.cc;
        if (peer.link.disconnected || c == null || !c.isOpen() || peer.link.pendingCommands >= 100 * peer.link.refcount) {
            return false;
        }
        RespValue[] vote = new RespValue[1];
        // epoch 0 makes IS-MASTER-DOWN-BY-ADDR a read on redis-sentinel and jsentinel alike: no epoch moves, no
        // vote is granted, the stored vote comes back; the run id is not "*" so that it does come back
        boolean sent = monitor.send(c, peer, reply -> vote[0] = reply, peer.command("SENTINEL"),
                "is-master-down-by-addr", announcer.host(master.viewCheckAddress),
                Integer.toString(master.viewCheckAddress.port()), "0", state.myId);
        return sent && monitor.send(c, peer, reply -> answered(master, peer, generation, vote[0], reply),
                peer.command("SENTINEL"), "master", master.name);
    }

    private void answered(Instance master, Instance peer, int generation, RespValue voteReply, RespValue masterReply) {
        if (generation != master.viewCheckGeneration || master.viewCheckAwaited == 0) {
            return;
        }
        master.viewCheckAwaited--;
        PeerAnswer answer = parse(voteReply, masterReply);
        if (answer != null) {
            long now = clock.now();
            ViewAgreementRule.noteVote(peer, answer.voteEpoch(), now);
            boolean voteStands = ViewAgreementRule.voteStandsAgainst(peer, answer.voteEpoch(), master.viewCheckEpoch,
                    now, ViewAgreementRule.electionSettleMillis(master, state.timers));
            if (ViewAgreementRule.agrees(answer, master.viewCheckAddress, master.viewCheckEpoch, voteStands,
                    announcer::sameHost) && ViewAgreementRule.settledIn(peer, now, state.timers)) {
                master.viewCheckAgreeing++;
            }
        }
        if (ViewAgreementRule.enough(master, master.viewCheckAgreeing)) {
            confirm(master);
        } else if (master.viewCheckAwaited == 0) {
            end(master);
        }
    }

    private void confirm(Instance master) {
        boolean stillTheView = master.addr.equals(master.viewCheckAddress) && master.configEpoch == master.viewCheckEpoch;
        if (stillTheView) {
            master.viewConfirmedAsOf = master.viewCheckStartedAt;
            master.viewConfirmedAddress = master.viewCheckAddress;
            master.viewConfirmedEpoch = master.viewCheckEpoch;
        }
        end(master);
        if (stillTheView) {
            onConfirmed.accept(master);
        }
    }

    private static void end(Instance master) {
        master.viewCheckGeneration++;
        master.viewCheckAwaited = 0;
    }

    /** The two replies as one answer, or null when either is not what a sentinel answers (an error, an ACL). */
    static PeerAnswer parse(RespValue voteReply, RespValue masterReply) {
        if (!RespValues.isIsMasterDownReply(voteReply)) {
            return null;
        }
        List<RespValue> vote = ((RespValue.Array) voteReply).items();
        Map<String, String> fields = RespValues.fieldValues(masterReply);
        if (fields == null) {
            return null;
        }
        Long port = number(fields.get("port"));
        Long configEpoch = unsigned(fields.get("config-epoch"));
        String host = fields.get("ip");
        String flags = fields.get("flags");
        if (port == null || configEpoch == null || host == null || flags == null) {
            return null;
        }
        boolean inFailover = List.of(flags.split(",")).contains("failover_in_progress");
        return new PeerAnswer(((RespValue.Integer) vote.get(0)).value() == 1, ((RespValue.Integer) vote.get(2)).value(),
                host, (int) (long) port, configEpoch, inFailover);
    }

    private static Long number(String s) {
        try {
            return s == null ? null : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long unsigned(String s) {
        try {
            return s == null ? null : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
