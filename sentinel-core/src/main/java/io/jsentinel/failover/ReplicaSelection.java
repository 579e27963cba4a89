package io.jsentinel.failover;

import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.Timers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Which replica a failover promotes (protocol doc §6.3): the candidates a leader may pick (up, answering,
 * recently reported, not cut off from the master for too long, priority above 0), best first. A pure rule of
 * the instances' state and the time.
 */
public final class ReplicaSelection {
    private ReplicaSelection() {
    }

    /** Why a replica cannot be promoted, in the order the rules are checked. */
    public enum Rejection {
        DOWN, DISCONNECTED, NO_RECENT_PING_REPLY, PRIORITY_ZERO, INFO_TOO_OLD, MASTER_LINK_DOWN_TOO_LONG
    }

    /** The best replica of {@code master} to promote at {@code now}, or null. */
    public static Instance best(Instance master, long now, Timers timers) {
        return best(master, now, timers, s -> true);
    }

    /** The best replica that also passes {@code also} (e.g. {@link #followsPrimary}), or null. */
    public static Instance best(Instance master, long now, Timers timers, Predicate<Instance> also) {
        List<Instance> candidates = new ArrayList<>();
        for (Instance s : master.slaves.values()) {
            if (rejection(master, s, now, timers) == null && also.test(s)) {
                candidates.add(s);
            }
        }
        candidates.sort(REPLICA_ORDER);
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /**
     * Whether {@code replica} reports that it replicates from {@code master}: the only kind a coordinated switchover
     * may hand over to. A node that only claims to be a replica of ours in our table (an old master back with its
     * old configuration, say) would take the primary's FAILOVER for nothing or, worse, be counted as promoted from
     * its own stale role.
     *
     * @param sameHost whether an address and a host name reported in INFO name the same host
     */
    public static boolean followsPrimary(Instance master, Instance replica, BiPredicate<Endpoint, String> sameHost) {
        return replica.roleReported == Instance.SLAVE_ROLE && replica.slaveMasterHost != null
                && replica.slaveMasterPort == master.addr.port() && sameHost.test(master.addr, replica.slaveMasterHost);
    }

    /** Why {@code replica} is not a candidate, or null when it is one. */
    public static Rejection rejection(Instance master, Instance replica, long now, Timers timers) {
        if (replica.is(Flags.S_DOWN) || replica.is(Flags.O_DOWN)) {
            return Rejection.DOWN;
        }
        if (replica.link.disconnected) {
            return Rejection.DISCONNECTED;
        }
        if (now - replica.link.lastAvailTime > timers.pingPeriod * 5) {
            return Rejection.NO_RECENT_PING_REPLY;
        }
        if (replica.slavePriority == 0) {
            return Rejection.PRIORITY_ZERO;
        }
        long infoValidity = master.is(Flags.S_DOWN) ? timers.pingPeriod * 5 : timers.infoPeriod * 3;
        if (now - replica.infoRefresh > infoValidity) {
            return Rejection.INFO_TOO_OLD;
        }
        if (replica.masterLinkDownTime > maxMasterLinkDownTime(master, now)) {
            return Rejection.MASTER_LINK_DOWN_TOO_LONG;
        }
        return null;
    }

    /** How long a replica may have been cut off from its master: the master's SDOWN time plus ten down-afters. */
    private static long maxMasterLinkDownTime(Instance master, long now) {
        long max = master.is(Flags.S_DOWN) ? now - master.sDownSinceTime : 0;
        return max + master.downAfterPeriod * 10;
    }

    /** Lower priority, then larger offset, then smaller run id (case-insensitive, unknown last). */
    public static final Comparator<Instance> REPLICA_ORDER = (a, b) -> {
        if (a.slavePriority != b.slavePriority) {
            return Integer.compare(a.slavePriority, b.slavePriority);
        }
        if (a.slaveReplOffset != b.slaveReplOffset) {
            return Long.compareUnsigned(b.slaveReplOffset, a.slaveReplOffset);
        }
        if (a.runId == null && b.runId == null) {
            return 0;
        }
        if (a.runId == null) {
            return 1;
        }
        if (b.runId == null) {
            return -1;
        }
        return a.runId.compareToIgnoreCase(b.runId);
    };
}
