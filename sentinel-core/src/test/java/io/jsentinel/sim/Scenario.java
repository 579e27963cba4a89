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
        CUT, SLOW, CRASH_AFTER_VOTE, SWITCHOVER, REPLICA_LAG, CUT_LEADER_LINKS, MOVE_SENTINEL, MOVE_REPLICA }

    /**
     * One fault. {@code target} is a node index (-1: whoever is master at that moment), {@code mask}
     * the partition side of each host (bit i: Redis node i, bit 8+i: sentinel i). {@code SWITCHOVER} is the
     * client's request rather than a fault: sentinel {@code target} is asked for a coordinated switchover, to Redis
     * node {@code amount - 1} ({@code amount} 0: no {@code TO}).
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
    /** How the coordinated switchover of this run meets faults; null: no switchover. */
    String switchover;
    /** The request's {@code TIMEOUT <ms>} (the longest the primary may hold writes); 0: none, failover-timeout. */
    long switchoverTimeout;
    /** Issue 23's returning master and what goes with it; null: none. */
    String returning;
    /** The sentinels' {@code forget-stale-after-milliseconds}; 0: off (Redis). */
    long forgetAfter;

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

    /**
     * Issue 23's faults, drawn from {@code rnd} (the seed's other draws unchanged): the master crashes and comes back
     * as a master right around the failover (down-after + 1.5-5.5 s later); alone, with a partition that leaves a
     * minority of sentinels (and any Redis nodes) on a stale view as it returns, or with a second crash of whoever is
     * master then, 0-3 s after it is back: two failovers in quick succession.
     */
    void addReturningMaster(Random rnd) {
        long at = 3000 + rnd.nextInt(17_000);
        long down = downAfter + 1500 + rnd.nextInt(4000);
        faults.add(new Fault(Kind.CRASH_REDIS, at, -1, down, 0, 0));
        int variant = rnd.nextInt(3);
        if (variant == 1) {
            returning = "stale view";
            int mask = 0;
            for (int i = 0; i < redisNodes; i++) {
                mask |= rnd.nextInt(2) << i;
            }
            int minority = (sentinels - 1) / 2;
            for (int i = 0, side = 0; i < sentinels && side < minority; i++) {
                if (rnd.nextBoolean()) {
                    mask |= 1 << (8 + i);
                    side++;
                }
            }
            faults.add(new Fault(Kind.PARTITION, at + down - 500 + rnd.nextInt(1500), 0, 1000 + rnd.nextInt(7000), 0,
                    mask));
        } else if (variant == 2) {
            returning = "two failovers";
            faults.add(new Fault(Kind.CRASH_REDIS, at + down + rnd.nextInt(3000), -1, downAfter + 1000 + rnd.nextInt(4000),
                    0, 0));
        } else {
            returning = "alone";
        }
    }

    /**
     * Adds a coordinated switchover request at 4-20 s (in 30% with {@code TIMEOUT} 0.5-10 s), drawn from its own
     * {@code rnd} so that the rest of the run's plan stays what the seed gives without one: alone (the random faults dropped), with one or two faults aimed
     * at it (a lagging replica, the primary, the target or the leader crashing or stopped, a partition, the leader's
     * links to the primary cut), or among the run's random faults.
     */
    void addSwitchover(Random rnd) {
        long at = 4000 + rnd.nextInt(16_000);
        int leader = rnd.nextInt(sentinels);
        int to = rnd.nextInt(10) < 4 ? rnd.nextInt(redisNodes) : -1;
        int mode = rnd.nextInt(10);
        if (mode < 3) {
            switchover = "alone";
            faults.clear();
        } else if (mode < 7) {
            switchover = "with faults around it";
            faults.clear();
            int n = 1 + rnd.nextInt(2);
            for (int i = 0; i < n; i++) {
                faults.add(faultAround(rnd, at, leader, to));
            }
        } else {
            switchover = "among random faults";
        }
        faults.add(new Fault(Kind.SWITCHOVER, at, leader, 0, to + 1, 0));
        // drawn last, so that the draws above stay what they were before the option existed
        if (rnd.nextInt(10) < 3) {
            switchoverTimeout = 500 + rnd.nextInt(9500);
        }
    }

    /**
     * Address churn (issue 20), drawn from its own {@code rnd} so the rest of the plan stays the seed's: 2-6 pods
     * restart at new addresses among the run's random faults (partitions included), a sentinel with its volume (same
     * id) or without (a new id; only where the quorum is a majority, as a sentinel that starts empty knows too few
     * peers for a smaller quorum to be safe, rule or no rule; and only a minority of them), or a replica; and the
     * forgetting rule set to 4-20 s.
     */
    void addChurn(Random rnd) {
        forgetAfter = 4000 + rnd.nextInt(16_001);
        if ("false".equals(System.getProperty("sim.forget"))) {
            forgetAfter = 0;  // the same churn with Redis' never-forget, for comparison
        }
        boolean quorumIsMajority = 2 * quorum > sentinels;
        // pods that lose their volume: a minority of the sentinels, so that the deployment keeps a memory (when all
        // start empty, an old master that comes back later is known to none, with Redis as with jsentinel)
        java.util.Set<Integer> emptied = new java.util.HashSet<>();
        int n = 2 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            long at = 3000 + rnd.nextInt(22_000);
            long downtime = 100 + rnd.nextInt(8000);
            if (rnd.nextInt(5) < 3) {
                int target = rnd.nextInt(sentinels);
                boolean wantsNewId = rnd.nextBoolean();
                int newId = 0;
                if (quorumIsMajority && wantsNewId && (emptied.contains(target) || emptied.size() < (sentinels - 1) / 2)) {
                    emptied.add(target);
                    newId = 1;
                }
                faults.add(new Fault(Kind.MOVE_SENTINEL, at, target, downtime, newId, 0));
            } else {
                faults.add(new Fault(Kind.MOVE_REPLICA, at, rnd.nextInt(redisNodes), downtime, 0, 0));
            }
        }
    }

    /** A fault from shortly before the request to 3 s after it: election, hand-over and promotion all fall in there. */
    private Fault faultAround(Random rnd, long at, int leader, int to) {
        long when = at - 500 + rnd.nextInt(3500);
        int replica = to > 0 ? to : 1 + rnd.nextInt(redisNodes - 1);
        switch (rnd.nextInt(9)) {
            case 0:
                return new Fault(Kind.REPLICA_LAG, at - rnd.nextInt(1000), replica, 500 + rnd.nextInt(15_000), 0, 0);
            case 1:
                return new Fault(Kind.CRASH_REDIS, when, -1, 300 + rnd.nextInt(10_000), 0, 0);
            case 2:
                return new Fault(Kind.CRASH_REDIS, when, replica, 300 + rnd.nextInt(10_000), 0, 0);
            case 3:
                return new Fault(Kind.CRASH_SENTINEL, when, leader, 100 + rnd.nextInt(10_000), 0, 0);
            case 4: {
                int mask = 0;
                for (int i = 0; i < redisNodes; i++) {
                    mask |= rnd.nextInt(2) << i;
                }
                for (int i = 0; i < sentinels; i++) {
                    mask |= rnd.nextInt(2) << (8 + i);
                }
                return new Fault(Kind.PARTITION, when, 0, 500 + rnd.nextInt(10_000), 0, mask);
            }
            case 5: {
                int mask = 0;
                for (int i = 0; i < sentinels / 2; i++) {
                    mask |= rnd.nextInt(2) << (8 + i);
                }
                return new Fault(Kind.ISOLATE_MASTER, when, -1, 500 + rnd.nextInt(10_000), 0, mask);
            }
            case 6:
                return new Fault(Kind.PAUSE_REDIS, when, rnd.nextBoolean() ? -1 : replica, 200 + rnd.nextInt(5000), 0, 0);
            case 7:
                return new Fault(Kind.PAUSE_SENTINEL, when, leader, 200 + rnd.nextInt(5000), 0, 0);
            default:
                return new Fault(Kind.CUT_LEADER_LINKS, when, leader, 0, 0, 0);
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
                + ", priorities " + b.toString().trim() + ", faults " + faults
                + (switchover == null ? "" : ", coordinated switchover " + switchover
                        + (switchoverTimeout == 0 ? "" : ", TIMEOUT " + switchoverTimeout))
                + (forgetAfter == 0 ? "" : ", forget-stale-after " + forgetAfter)
                + (returning == null ? "" : ", returning master " + returning);
    }
}
