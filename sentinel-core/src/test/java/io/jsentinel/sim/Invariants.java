package io.jsentinel.sim;

import io.jsentinel.events.Address;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Safety properties checked as the run goes (docs/simulation.md lists them precisely):
 * <ul>
 * <li>one vote per sentinel per epoch, across restarts (from {@code +vote-for-leader});</li>
 * <li>one leader per (master, failover epoch), and a leader holds votes from a majority of all
 * sentinels and at least quorum (from {@code +elected-leader} and the recorded votes);</li>
 * <li>config-epoch never decreases within a sentinel's life;</li>
 * <li>a selected/promoted node was a replica of that master and has priority above 0;</li>
 * <li>{@code +try-failover} only when the sentinel is SDOWN itself and quorum-1 peers sent it a
 * "down" reply for that address recently enough to still count.</li>
 * </ul>
 */
final class Invariants {
    private final World world;
    /** voter id + "/" + epoch -> the run id it voted for. */
    private final Map<String, String> votes = new LinkedHashMap<>();
    /** master + "/" + failover epoch -> leader id. */
    private final Map<String, String> leaders = new LinkedHashMap<>();
    /** Highest config-epoch seen in each sentinel's current life. */
    private final long[] maxConfigEpoch = new long[8];
    private final boolean[] live = new boolean[8];
    /** asker id + "/" + peer id + "/" + address -> delivery time of the last "down" reply. */
    private final Map<String, Long> downReplies = new LinkedHashMap<>();
    private final Map<RespValue, String> inFlightDown = new IdentityHashMap<>();
    /** Config-epoch values lost by a crash because they had not been persisted (Redis does the same). */
    long configEpochLostOnCrash;

    /**
     * Count a peer's "down" reply only for the exact address asked about. Off by default: the core, like
     * redis-sentinel, keeps peers' master-down flags across a +switch-master, so replies about the old
     * address count for the new one until they expire (seed 6 shows it).
     */
    private final boolean strictOdown = Boolean.getBoolean("sim.strictOdown");
    /**
     * Accept only nodes that really replicated from the master. Off by default: like redis-sentinel, the
     * core lists the old master as a replica after +switch-master and may select it while it still
     * reports role:master after a restart (seed 117 shows it), and the replicas of the old
     * master that were not reconfigured yet (seed 990). By default any member of the entry's replication
     * group is accepted.
     */
    private final boolean strictPromotion = Boolean.getBoolean("sim.strictPromotion");
    /** Every address a sentinel ever held as the master of {@link World#MASTER}. */
    private final Set<Endpoint> masterAddresses = new LinkedHashSet<>(List.of(new Endpoint("10.0.0.1", 6379)));

    Invariants(World world) {
        this.world = world;
    }

    void onBoot(SimSentinel s) {
        live[s.index] = true;
        maxConfigEpoch[s.index] = master(s).configEpoch;
    }

    void onCrash(SimSentinel s) {
        live[s.index] = false;
        long persisted = s.store.saved().masters().get(0).configEpoch();
        if (persisted < maxConfigEpoch[s.index]) {
            configEpochLostOnCrash++;
        }
    }

    private static Instance master(SimSentinel s) {
        return s.core.state().masters.get(World.MASTER);
    }

    void afterStep() {
        for (SimSentinel s : world.sentinels) {
            if (!live[s.index] || s.core == null) {
                continue;
            }
            long ce = master(s).configEpoch;
            if (ce < maxConfigEpoch[s.index]) {
                world.fail("config-epoch went back on S" + s.index + ": " + maxConfigEpoch[s.index] + " -> " + ce);
            }
            maxConfigEpoch[s.index] = ce;
        }
    }

    /** A SENTINEL command answered by {@code s} on connection {@code c}: remember "down" replies. */
    void onSentinelReply(SimConnection c, SimSentinel s, List<byte[]> argv, RespValue r) {
        if (argv.size() == 6 && SimRedis.str(argv, 1).equalsIgnoreCase("is-master-down-by-addr")
                && r instanceof RespValue.Array a && a.items().size() == 3
                && a.items().get(0) instanceof RespValue.Integer down && down.value() == 1) {
            inFlightDown.put(r, c.client.myId() + "/" + s.myId() + "/"
                    + (strictOdown ? SimRedis.str(argv, 2) + ":" + SimRedis.str(argv, 3) : World.MASTER));
        }
    }

    /** Called when a reply reaches the client side of a connection. */
    void onReplyDelivered(RespValue r) {
        String key = inFlightDown.remove(r);
        if (key != null) {
            downReplies.put(key, world.sched.now());
        }
    }

    void onEvent(SimSentinel s, SentinelEvent e) {
        if (e instanceof SentinelEvent.VoteForLeader v) {
            onVote(s, v.leaderRunId(), v.epoch());
        } else if (e instanceof SentinelEvent.ElectedLeader) {
            onElected(s);
        } else if (e instanceof SentinelEvent.TryFailover) {
            onTryFailover(s);
        } else if (e instanceof SentinelEvent.SelectedSlave || e instanceof SentinelEvent.PromotedSlave) {
            onPromotion(s, (SentinelEvent.InstanceEvent) e);
        } else if (e instanceof SentinelEvent.SwitchMaster sw) {
            masterAddresses.add(endpoint(sw.newAddress()));
        }
    }

    private void onVote(SimSentinel s, String leader, long epoch) {
        String key = s.myId() + "/" + epoch;
        String before = votes.put(key, leader);
        if (before != null) {
            world.fail("S" + s.index + " voted twice in epoch " + epoch + ": " + before + " then " + leader);
        }
    }

    private void onElected(SimSentinel s) {
        Instance m = master(s);
        if (m.is(Flags.FORCE_FAILOVER)) {
            return;
        }
        long fe = m.failoverEpoch;
        long ce = s.core.state().currentEpoch;
        String me = s.myId();
        String before = leaders.putIfAbsent(World.MASTER + "/" + fe, me);
        if (before != null && !before.equals(me)) {
            world.fail("two leaders in epoch " + fe + ": " + before + " and S" + s.index + " " + me);
            return;
        }
        // The core counts peers' votes of the current epoch and its own vote of the failover epoch.
        Set<String> voters = new LinkedHashSet<>();
        for (SimSentinel v : world.sentinels) {
            if (me.equals(votes.get(v.myId() + "/" + ce)) || me.equals(votes.get(v.myId() + "/" + fe))) {
                voters.add(v.myId());
            }
        }
        int needed = Math.max(m.quorum, world.sentinels.size() / 2 + 1);
        if (voters.size() < needed) {
            world.fail("S" + s.index + " elected in failover epoch " + fe + " (current " + ce + ") with "
                    + voters.size() + " votes of " + world.sentinels.size() + ", needs " + needed);
        }
    }

    private void onTryFailover(SimSentinel s) {
        Instance m = master(s);
        if (m.is(Flags.FORCE_FAILOVER)) {
            return;
        }
        if (!m.is(Flags.S_DOWN)) {
            world.fail("S" + s.index + " started a failover without SDOWN");
            return;
        }
        long window = 5 * s.core.state().timers.askPeriod + 250;
        long now = world.sched.now();
        int judges = 1;
        for (SimSentinel p : world.sentinels) {
            if (p == s) {
                continue;
            }
            Long at = downReplies.get(s.myId() + "/" + p.myId() + "/"
                    + (strictOdown ? m.addr.host() + ":" + m.addr.port() : World.MASTER));
            if (at != null && now - at <= window) {
                judges++;
            }
        }
        if (judges < m.quorum) {
            world.fail("S" + s.index + " started a failover of " + m.addr + " with " + judges
                    + " sentinels judging it down, quorum " + m.quorum);
        }
    }

    private void onPromotion(SimSentinel s, SentinelEvent.InstanceEvent e) {
        Endpoint node = endpoint(e.instance().address());
        Endpoint master = endpoint(e.instance().masterAddress());
        boolean ok = world.wasReplicaOf(node, master);
        if (!ok && !strictPromotion) {
            // A member of this master entry's replication group: a replica of any of its addresses, or one
            // of those addresses itself.
            ok = masterAddresses.contains(node);
            for (Endpoint a : masterAddresses) {
                ok |= world.wasReplicaOf(node, a);
            }
        }
        if (!ok) {
            world.fail("S" + s.index + " " + e.type() + " " + node + " which never replicated from " + master);
            return;
        }
        SimRedis r = world.redisAt(node);
        if (r != null && r.priority == 0) {
            world.fail("S" + s.index + " " + e.type() + " " + node + " with replica-priority 0");
        }
    }

    private static Endpoint endpoint(Address a) {
        return new Endpoint(a.host(), a.port());
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
