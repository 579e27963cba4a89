package io.jsentinel.detect;

import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.Timers;

/**
 * Whether a peer or replica entry has gone stale and may be forgotten: jsentinel's opt-in
 * {@code sentinel forget-stale-after-milliseconds}. Redis never forgets, so entries of pods that came back at new
 * addresses pile up and raise the majority an election needs. The conditions below are those under which
 * forgetting a peer cannot let a minority, or two sides, elect a leader; docs/churn.md gives the argument.
 */
public final class StaleEntryRule {
    private StaleEntryRule() {
    }

    /** What the rule found: {@link #STALE} forgets the entry, anything else keeps it and says why. */
    public enum Reason {
        STALE, RULE_OFF, TILT, MASTER_NOT_SETTLED, SEEN_RECENTLY, HOST_STILL_THERE, LISTED_BY_MASTER, PROMOTED, FORMER_MASTER,
        TOO_FEW_LIVE_SENTINELS, NOT_MEASURED, QUORUM_NOT_A_MAJORITY
    }

    /**
     * A peer is alive while both its hellos (one per publish period on every channel it reaches) and its PING replies
     * are recent. Both, so that an entry whose pod is gone stops counting within seconds.
     */
    public static boolean alive(Instance peer, long now, Timers t) {
        return peer.lastHelloTime != 0 && now - peer.lastHelloTime <= 2 * t.publishPeriod
                && now - peer.link.lastAvailTime <= 2 * t.pingPeriod;
    }

    /** The sentinels alive for this master now, this one included. */
    public static int liveSentinels(Instance master, long now, Timers t) {
        int n = 1;
        for (Instance p : master.sentinels.values()) {
            if (alive(p, now, t)) {
                n++;
            }
        }
        return n;
    }

    /** How long a count of live sentinels above the recorded one must last before it is recorded. */
    public static long holdFor(Timers t) {
        return 5 * t.publishPeriod;
    }

    /**
     * The record of the most sentinels seen alive together, after one more look.
     *
     * @param seen       the most seen alive together so far (0: never measured)
     * @param aboveMin   the smallest count seen since the count went above {@code seen}
     * @param aboveSince when it went above (0: it is not above)
     */
    public record LiveRecord(int seen, int aboveMin, long aboveSince) {
    }

    /**
     * A higher count, the first included, is recorded only once it has held for {@link #holdFor}: a restarted peer's
     * new entry and its old one can both look alive for a second or two, and counting that moment would make the
     * record one too high for good (harmless to safety, but it would switch the rule off, see {@link #forPeer}); and
     * a sentinel just started has heard no hello yet.
     */
    public static LiveRecord track(LiveRecord r, int live, long now, long hold) {
        if (live <= r.seen()) {
            return new LiveRecord(r.seen(), 0, 0);
        }
        if (r.aboveSince() == 0) {
            return new LiveRecord(r.seen(), live, now);
        }
        int min = Math.min(r.aboveMin(), live);
        if (now - r.aboveSince() >= hold) {
            return new LiveRecord(min, 0, 0);
        }
        return new LiveRecord(r.seen(), min, r.aboveSince());
    }

    /**
     * A host that refuses connections at the address is still there; only its process is down, and it comes back
     * where it was (a crashed node, an old master that restarts): that entry is not stale, whatever its silence. Pods
     * that are gone leave no host: connections time out or find no route.
     */
    private static boolean refusedWithin(Instance ri, long now, long forgetAfter) {
        return ri.link.lastRefusedTime != 0 && now - ri.link.lastRefusedTime <= forgetAfter;
    }

    /** The master is reachable and nothing is being decided about it: no TILT, no SDOWN/ODOWN, no failover. */
    private static Reason settled(Instance master, long now, long forgetAfter, boolean tilt) {
        if (forgetAfter <= 0) {
            return Reason.RULE_OFF;
        }
        if (tilt) {
            return Reason.TILT;
        }
        if (master.is(Flags.S_DOWN) || master.is(Flags.O_DOWN) || master.is(Flags.FAILOVER_IN_PROGRESS)
                || now - master.link.lastAvailTime > master.downAfterPeriod) {
            return Reason.MASTER_NOT_SETTLED;
        }
        return null;
    }

    /**
     * A peer neither heard nor answering for {@code forgetAfter} is forgotten only by a sentinel that sees at least a
     * quorum alive (so a cut-off minority keeps its whole view), and only where the quorum is a strict majority of the
     * most sentinels ever seen alive together: then any two sets of voters that each reach the quorum share a
     * sentinel, whatever each side has forgotten, and a leader needs the quorum's votes anyway.
     */
    public static Reason forPeer(Instance master, Instance peer, long now, long forgetAfter, boolean tilt, Timers t) {
        Reason notSettled = settled(master, now, forgetAfter, tilt);
        if (notSettled != null) {
            return notSettled;
        }
        if (now - Math.max(peer.lastHelloTime, peer.link.lastAvailTime) <= forgetAfter) {
            return Reason.SEEN_RECENTLY;
        }
        if (refusedWithin(peer, now, forgetAfter)) {
            return Reason.HOST_STILL_THERE;
        }
        int live = liveSentinels(master, now, t);
        if (live < master.quorum) {
            return Reason.TOO_FEW_LIVE_SENTINELS;
        }
        // until a count has held once (a fresh start, or the rule just switched on), there is nothing to judge by
        if (master.liveSentinelsSeen == 0) {
            return Reason.NOT_MEASURED;
        }
        if (2L * master.quorum <= Math.max(master.liveSentinelsSeen, live)) {
            return Reason.QUORUM_NOT_A_MAJORITY;
        }
        return Reason.STALE;
    }

    /**
     * A replica that has not answered for {@code forgetAfter} and that the master, answering and recently asked, no
     * longer lists. Replicas do not vote: forgetting one only means it is not corrected or promoted should it return
     * at that address without the master listing it.
     */
    public static Reason forReplica(Instance master, Instance replica, long now, long forgetAfter, boolean tilt,
                                    Timers t) {
        Reason notSettled = settled(master, now, forgetAfter, tilt);
        if (notSettled != null) {
            return notSettled;
        }
        if (replica == master.promotedSlave) {
            return Reason.PROMOTED;
        }
        // an old master comes back where it was, as a master with its old data, and must then be converted: a host
        // that is merely unreachable for a while (a reboot, a pause) must not make it unknown
        if (master.formerAddresses.contains(replica.addr)) {
            return Reason.FORMER_MASTER;
        }
        if (now - replica.link.lastAvailTime <= forgetAfter) {
            return Reason.SEEN_RECENTLY;
        }
        if (refusedWithin(replica, now, forgetAfter)) {
            return Reason.HOST_STILL_THERE;
        }
        if (master.infoRefresh == 0 || now - master.infoRefresh > 2 * t.infoPeriod) {
            return Reason.MASTER_NOT_SETTLED;
        }
        if (master.listedReplicas.contains(replica.addr)) {
            return Reason.LISTED_BY_MASTER;
        }
        return Reason.STALE;
    }
}
