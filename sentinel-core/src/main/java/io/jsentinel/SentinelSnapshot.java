package io.jsentinel;

import io.jsentinel.events.SentinelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An immutable picture of a sentinel's state, taken on the sentinel loop.
 *
 * @param myId this sentinel's id
 * @param currentEpoch the current epoch
 * @param tilt whether TILT mode is on
 * @param takenAtMillis wall-clock time of the snapshot
 * @param masters the monitored masters, in configuration order
 * @param alarms the alarms on (docs/churn.md, "Alarms"), each as the event that raised it, in the masters' order
 */
public record SentinelSnapshot(String myId, long currentEpoch, boolean tilt, long takenAtMillis,
                               List<MasterInfo> masters, List<SentinelEvent.Alarm> alarms) {
    /** Copies the lists. */
    public SentinelSnapshot {
        masters = List.copyOf(masters);
        alarms = List.copyOf(alarms);
    }

    /** A snapshot without alarms. */
    public SentinelSnapshot(String myId, long currentEpoch, boolean tilt, long takenAtMillis, List<MasterInfo> masters) {
        this(myId, currentEpoch, tilt, takenAtMillis, masters, List.of());
    }

    /** The master called {@code name}, if monitored. */
    public Optional<MasterInfo> master(String name) {
        return masters.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Why this sentinel is not healthy, empty when it is: TILT, a master whose quorum of sentinels is
     * not reachable (the {@code SENTINEL CKQUORUM} rule), or an alarm ({@code master <name>: } and the alarm's
     * event as logged, e.g. {@code master mymaster: +misconfig-quorum sentinel <id> <ip> <port> @ mymaster <ip>
     * <port> #quorum 3, ours 2}).
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (tilt) {
            out.add("TILT mode");
        }
        for (MasterInfo m : masters) {
            if (!m.quorumReachable()) {
                out.add("master " + m.name() + ": " + m.quorumText());
            }
        }
        for (SentinelEvent.Alarm a : alarms) {
            out.add("master " + a.masterName() + ": " + a.type() + " " + a.message());
        }
        return out;
    }
}
