package io.jsentinel.sim;

import io.jsentinel.state.Timers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The shape of one run, drawn from its seed: cluster size, quorum, timeouts, replica priorities, small
 * sentinel timers, and the fault plan. Every fault heals by {@link #lastHeal()}.
 */
final class Scenario {
    enum Kind { CRASH_REDIS, CRASH_SENTINEL, PARTITION, ISOLATE_MASTER, PAUSE_REDIS, PAUSE_SENTINEL, CLOCK_JUMP,
        CUT, SLOW, CRASH_AFTER_VOTE }

    /**
     * One fault. {@code target} is a node index (-1: whoever is master at that moment), {@code mask}
     * the partition side of each host (bit i: Redis node i, bit 8+i: sentinel i).
     */
    record Fault(Kind kind, long at, int target, long duration, long amount, int mask) {
        @Override
        public String toString() {
            return kind + "@" + at + "(t=" + target + ",d=" + duration + (amount != 0 ? ",n=" + amount : "")
                    + (mask != 0 ? ",mask=" + Integer.toBinaryString(mask) : "") + ")";
        }
    }

    final int sentinels;
    final int quorum;
    final int redisNodes = 3;
    final int[] priorities;
    final long downAfter;
    final long failoverTimeout;
    final long tiltPeriod;
    final long infoPeriod;
    final List<Fault> faults = new ArrayList<>();

    Scenario(Random rnd) {
        sentinels = 3 + rnd.nextInt(3);
        int majority = sentinels / 2 + 1;
        quorum = Math.max(1, majority - rnd.nextInt(2));
        priorities = new int[redisNodes];
        priorities[0] = 100;
        for (int i = 1; i < redisNodes; i++) {
            int p = rnd.nextInt(10);
            priorities[i] = p < 2 ? 0 : p < 6 ? 100 : 1 + rnd.nextInt(200);
        }
        downAfter = 1000 + rnd.nextInt(4001);
        failoverTimeout = 6000 + rnd.nextInt(14001);
        tiltPeriod = 5000 + rnd.nextInt(25001);
        infoPeriod = rnd.nextBoolean() ? 10_000 : 2000 + rnd.nextInt(8000);
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            faults.add(randomFault(rnd));
        }
        if (rnd.nextInt(4) == 0) {
            faults.add(new Fault(Kind.CRASH_AFTER_VOTE, 0, rnd.nextInt(sentinels), 100 + rnd.nextInt(3000), 0, 0));
        }
    }

    private Fault randomFault(Random rnd) {
        long at = 3000 + rnd.nextInt(20_000);
        int r = rnd.nextInt(100);
        if (r < 30) {
            int target = rnd.nextInt(3) == 0 ? rnd.nextInt(redisNodes) : -1;
            return new Fault(Kind.CRASH_REDIS, at, target, 300 + rnd.nextInt(15_000), 0, 0);
        } else if (r < 42) {
            return new Fault(Kind.CRASH_SENTINEL, at, rnd.nextInt(sentinels), 100 + rnd.nextInt(10_000), 0, 0);
        } else if (r < 54) {
            int mask = 0;
            for (int i = 0; i < redisNodes; i++) {
                mask |= rnd.nextInt(2) << i;
            }
            for (int i = 0; i < sentinels; i++) {
                mask |= rnd.nextInt(2) << (8 + i);
            }
            return new Fault(Kind.PARTITION, at, 0, 500 + rnd.nextInt(15_000), 0, mask);
        } else if (r < 64) {
            // The master, and maybe a minority of sentinels, cut off from the rest.
            int mask = 0;
            for (int i = 0; i < sentinels / 2; i++) {
                mask |= rnd.nextInt(2) << (8 + i);
            }
            return new Fault(Kind.ISOLATE_MASTER, at, -1, 500 + rnd.nextInt(15_000), 0, mask);
        } else if (r < 72) {
            int target = rnd.nextBoolean() ? -1 : rnd.nextInt(redisNodes);
            return new Fault(Kind.PAUSE_REDIS, at, target, 200 + rnd.nextInt(10_000), 0, 0);
        } else if (r < 80) {
            return new Fault(Kind.PAUSE_SENTINEL, at, rnd.nextInt(sentinels), 200 + rnd.nextInt(8_000), 0, 0);
        } else if (r < 87) {
            long jump = (2500 + rnd.nextInt(60_000)) * (rnd.nextBoolean() ? 1 : -1);
            return new Fault(Kind.CLOCK_JUMP, at, rnd.nextInt(sentinels), 0, jump, 0);
        } else if (r < 94) {
            return new Fault(Kind.CUT, at, 0, 0, rnd.nextInt(1000), 0);
        } else {
            int host = rnd.nextInt(redisNodes + sentinels);
            return new Fault(Kind.SLOW, at, host, 1000 + rnd.nextInt(15_000), 50 + rnd.nextInt(1500), 0);
        }
    }

    /** When the last planned fault is over (a triggered crash may extend it at run time). */
    long lastHeal() {
        long t = 0;
        for (Fault f : faults) {
            t = Math.max(t, f.at + f.duration);
        }
        return t;
    }

    /** Small timers, as SENTINEL DEBUG would set them; not persisted, so applied at every boot. */
    void applyTimers(Timers t) {
        t.tiltPeriod = tiltPeriod;
        t.infoPeriod = infoPeriod;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int p : priorities) {
            b.append(p).append(' ');
        }
        return sentinels + " sentinels, quorum " + quorum + ", down-after " + downAfter + ", failover-timeout "
                + failoverTimeout + ", tilt-period " + tiltPeriod + ", info-period " + infoPeriod
                + ", priorities " + b.toString().trim() + ", faults " + faults;
    }
}
