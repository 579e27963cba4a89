package io.jsentinel;

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
 */
public record SentinelSnapshot(String myId, long currentEpoch, boolean tilt, long takenAtMillis,
                               List<MasterInfo> masters) {
    /** Copies the list. */
    public SentinelSnapshot {
        masters = List.copyOf(masters);
    }

    /** The master called {@code name}, if monitored. */
    public Optional<MasterInfo> master(String name) {
        return masters.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Why this sentinel is not healthy, empty when it is: TILT, or a master whose quorum of sentinels is
     * not reachable (the {@code SENTINEL CKQUORUM} rule).
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
        return out;
    }
}
