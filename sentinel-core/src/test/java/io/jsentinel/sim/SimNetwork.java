package io.jsentinel.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Which hosts can reach which. A partition assigns hosts to groups; hosts in different groups cannot
 * exchange packets, and TCP connections between them stall (black hole) rather than reset.
 */
final class SimNetwork {
    private final Map<String, Integer> group = new LinkedHashMap<>();
    private final Map<String, Long> extraDelay = new LinkedHashMap<>();
    /** Bumped on every partition change, so that an old heal cannot undo a newer partition. */
    private int generation;

    boolean blocked(String a, String b) {
        return !group.getOrDefault(a, 0).equals(group.getOrDefault(b, 0));
    }

    /** Replaces the current partition; returns its generation. */
    int partition(Map<String, Integer> groups) {
        group.clear();
        group.putAll(groups);
        return ++generation;
    }

    void heal(int gen) {
        if (gen == generation) {
            group.clear();
        }
    }

    boolean partitioned() {
        return !group.isEmpty();
    }

    void setExtraDelay(String host, long ms) {
        if (ms == 0) {
            extraDelay.remove(host);
        } else {
            extraDelay.put(host, ms);
        }
    }

    /** One-way latency of a new connection: the base, plus slowness of either end. */
    long connectionDelay(Random rnd, String a, String b) {
        return 1 + rnd.nextInt(4) + extraDelay.getOrDefault(a, 0L) + extraDelay.getOrDefault(b, 0L);
    }
}
