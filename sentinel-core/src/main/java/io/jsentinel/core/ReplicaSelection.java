package io.jsentinel.core;

import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.Timers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which replica a failover promotes (protocol doc §6.3): the candidates a leader may pick (up, answering,
 * recently reported, not cut off from the master for too long, priority above 0), best first. A pure rule of
 * the instances' state and the time.
 */
final class ReplicaSelection {
    private ReplicaSelection() {
    }

    /** The best replica of {@code master} to promote at {@code now}, or null. */
    static Instance best(Instance master, long now, Timers timers) {
        long maxMasterDownTime = 0;
        if (master.is(Flags.S_DOWN)) {
            maxMasterDownTime += now - master.sDownSinceTime;
        }
        maxMasterDownTime += master.downAfterPeriod * 10;
        List<Instance> candidates = new ArrayList<>();
        for (Instance s : master.slaves.values()) {
            if (s.is(Flags.S_DOWN) || s.is(Flags.O_DOWN) || s.link.disconnected) {
                continue;
            }
            if (now - s.link.lastAvailTime > timers.pingPeriod * 5 || s.slavePriority == 0) {
                continue;
            }
            long infoValidity = master.is(Flags.S_DOWN) ? timers.pingPeriod * 5 : timers.infoPeriod * 3;
            if (now - s.infoRefresh > infoValidity || s.masterLinkDownTime > maxMasterDownTime) {
                continue;
            }
            candidates.add(s);
        }
        candidates.sort(REPLICA_ORDER);
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /** Lower priority, then larger offset, then smaller run id (case-insensitive, unknown last). */
    static final Comparator<Instance> REPLICA_ORDER = (a, b) -> {
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
