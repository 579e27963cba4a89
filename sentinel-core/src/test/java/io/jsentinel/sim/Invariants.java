package io.jsentinel.sim;

import io.jsentinel.events.Address;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * "down" reply for that address recently enough to still count;</li>
 * <li>a coordinated switchover promotes no replica behind the old primary's offset at the pause and loses no
 * acknowledged write; once it ended, the old primary's writes are not held past the pause time it was given,
 * nor is the old primary left failing over after the sentinel aborted.</li>
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

    /** Cron granularity of Redis' own pause and failover deadlines (100 ms), twice: a late tick and a SIGCONT. */
    static final long PAUSE_SLACK = 2 * SimRedis.FAILOVER_CRON;
    /** How long an aborting sentinel may take to get the old primary out of its failover state, once it can reach it. */
    static final long ABORT_GRACE = 1000;

    /** A coordinated switchover a sentinel accepted ({@code +OK}), from the request until it ended. */
    static final class Switchover {
        final SimSentinel leader;
        final int incarnation;
        final String request;
        final long requestedAt;
        long endedAt = -1;
        String endedBy;
        boolean aborted;
        final List<WritePause> pauses = new ArrayList<>();
        /** Since when the leader and the paused node can talk again after the abort (c2); -1 while they cannot. */
        long reachableSinceAbort = -1;
        boolean unreachableSinceAbort;

        Switchover(SimSentinel leader, String request, long requestedAt) {
            this.leader = leader;
            this.incarnation = leader.incarnation;
            this.request = request;
            this.requestedAt = requestedAt;
        }

        boolean ended() {
            return endedAt >= 0;
        }

        WritePause lastPause() {
            return pauses.isEmpty() ? null : pauses.get(pauses.size() - 1);
        }

        @Override
        public String toString() {
            return "S" + leader.index + " '" + request + "' at " + requestedAt
                    + (ended() ? " (ended " + endedAt + " by " + endedBy + ")" : "");
        }
    }

    /** A node's writes held by a pause (CLIENT PAUSE or FAILOVER), from the moment they stopped until they resume. */
    static final class WritePause {
        final SimRedis node;
        final SimSentinel by;
        final Switchover switchover;
        final long since;
        final long offset;
        final SimRedis.Write lastWrite;
        /** The latest end a sentinel gave: CLIENT PAUSE's time or FAILOVER's TIMEOUT, from when it was given. */
        long allowedEnd;
        boolean failover;

        WritePause(SimRedis node, SimSentinel by, Switchover switchover, long since) {
            this.node = node;
            this.by = by;
            this.switchover = switchover;
            this.since = since;
            this.offset = node.offset;
            this.lastWrite = node.lastWrite;
            this.allowedEnd = since;
        }

        @Override
        public String toString() {
            return "R" + node.index + " paused at " + since + " at offset " + offset
                    + (by == null ? "" : " by S" + by.index) + ", allowed until " + allowedEnd;
        }
    }

    /** Open pauses, by node. */
    private final Map<SimRedis, WritePause> pauses = new LinkedHashMap<>();
    private final Switchover[] coordinating = new Switchover[8];
    private final List<Switchover> switchovers = new ArrayList<>();
    /**
     * What a coordinating sentinel reports at {@code +promoted-slave} is checked too: the node must have become
     * master after the pause, by the handoff or a command, with every write acknowledged before it. A breach is a
     * failure (it found seed 57's stale "replica" taken as promoted, fixed in the core); {@code
     * -Dsim.strictSwitchover=false} only counts it as a finding.
     */
    private final boolean strictSwitchover = !"false".equals(System.getProperty("sim.strictSwitchover"));

    Invariants(World world) {
        this.world = world;
    }

    /** Which sentinel (pod) each id ever belonged to: a pod without its volume comes back with another id. */
    private final Map<String, Integer> podOfId = new LinkedHashMap<>();

    /** The pod that voted in {@code epoch} for both leaders, under two ids, or null. */
    private Integer slotThatVotedForBoth(String first, String second, long epoch) {
        Set<Integer> forFirst = new LinkedHashSet<>();
        Set<Integer> forSecond = new LinkedHashSet<>();
        for (Map.Entry<String, String> v : votes.entrySet()) {
            String key = v.getKey();
            int slash = key.lastIndexOf('/');
            if (!key.substring(slash + 1).equals(Long.toString(epoch))) {
                continue;
            }
            Integer pod = podOfId.get(key.substring(0, slash));
            if (pod != null && v.getValue().equals(first)) {
                forFirst.add(pod);
            } else if (pod != null && v.getValue().equals(second)) {
                forSecond.add(pod);
            }
        }
        forFirst.retainAll(forSecond);
        return forFirst.isEmpty() ? null : forFirst.iterator().next();
    }

    void onBoot(SimSentinel s) {
        podOfId.put(s.myId(), s.index);
        live[s.index] = true;
        maxConfigEpoch[s.index] = master(s).configEpoch;
    }

    void onCrash(SimSentinel s) {
        live[s.index] = false;
        endSwitchover(s.index, "crash", false);
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
        if (!pauses.isEmpty() || !switchovers.isEmpty()) {
            checkSwitchovers();
        }
    }

    /** A SENTINEL command answered by {@code s} on connection {@code c}: remember "down" replies. */
    void onSentinelReply(SimConnection c, SimSentinel s, List<byte[]> argv, RespValue r) {
        // epoch 0 with a run id is the view check's read (ViewCheck), never an answer that counts towards ODOWN
        if (argv.size() == 6 && SimRedis.str(argv, 1).equalsIgnoreCase("is-master-down-by-addr")
                && !(SimRedis.str(argv, 4).equals("0") && !SimRedis.str(argv, 5).equals("*"))
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
        if (e instanceof SentinelEvent.PromotedSlave p) {
            promotedIn.merge(endpoint(p.instance().address()), master(s).failoverEpoch, Math::max);
        } else if (e instanceof SentinelEvent.ConvertToSlave || e instanceof SentinelEvent.FixSlaveConfig) {
            onDemotion(s, (SentinelEvent.InstanceEvent) e);
        }
        if (e instanceof SentinelEvent.PromotedSlave p && coordinating[s.index] != null) {
            onCoordinatedPromotionReported(coordinating[s.index], endpoint(p.instance().address()));
        }
        if (e instanceof SentinelEvent.TryFailover t && !pauses.isEmpty() && clientRequest != s) {
            SimRedis node = world.redisAt(endpoint(t.instance().address()));
            WritePause p = node == null ? null : pauses.get(node);
            if (p != null && p.switchover != null && p.switchover.leader != s) {
                failoverOfPaused = true;
            }
        }
        if (e instanceof SentinelEvent.SubjectivelyDown d && !pauses.isEmpty()) {
            SimRedis node = world.redisAt(endpoint(d.instance().address()));
            WritePause p = node == null ? null : pauses.get(node);
            if (p != null && p.switchover != null && node.alive && !node.paused) {
                sdownWhilePaused = true;
            }
        }
        if (e instanceof SentinelEvent.FailoverEnd) {
            endSwitchover(s.index, e.type(), false);
        } else if (e instanceof SentinelEvent.FailoverAbort) {
            endSwitchover(s.index, e.type(), true);
        }
    }

    /** Each node's latest promotion confirmed by a leader ({@code +promoted-slave}), by failover epoch. */
    private final Map<Endpoint, Long> promotedIn = new LinkedHashMap<>();

    /**
     * A node promoted in epoch E is never sent SLAVEOF by a sentinel whose view of the master is older than E
     * ({@code +convert-to-slave}, {@code +fix-slave-config}): the view check's promise (docs/architecture.md,
     * "Returning old masters").
     */
    private void onDemotion(SimSentinel s, SentinelEvent.InstanceEvent e) {
        Endpoint node = endpoint(e.instance().address());
        Long promoted = promotedIn.get(node);
        long view = master(s).configEpoch;
        if (promoted != null && view < promoted) {
            String breach = "S" + s.index + " " + e.type() + " " + node + ", promoted in epoch " + promoted
                    + ", with a view of epoch " + view;
            world.fail(breach);
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
            Integer twice = slotThatVotedForBoth(before, me, fe);
            if (twice != null) {
                // a pod that lost its volume forgot its vote and voted again under its new id: one vote per sentinel
                // per epoch, which every election argument rests on, is broken by the fault itself (churn runs)
                world.finding("two leaders in epoch " + fe + " through S" + twice
                        + ", whose pod lost its volume and voted again under a new id");
                return;
            }
            world.fail("two leaders in epoch " + fe + ": " + before + " and S" + s.index + " " + me);
            return;
        }
        // Only votes of the failover epoch make a leader of it: Redis also counts peers' votes of a later current
        // epoch, which let a sentinel lead an epoch another sentinel had already won (seeds 54888, 63636, 85455).
        Set<String> voters = new LinkedHashSet<>();
        for (SimSentinel v : world.sentinels) {
            if (me.equals(votes.get(v.myId() + "/" + fe))) {
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
        // requested by a client: forced, or a coordinated switchover (which is then elected like any other); the
        // event comes before the command sets either flag
        if (m.is(Flags.FORCE_FAILOVER) || m.is(Flags.COORD_FAILOVER) || clientRequest == s) {
            return;
        }
        if (!m.is(Flags.S_DOWN)) {
            world.fail("S" + s.index + " started a failover without SDOWN");
            return;
        }
        long window = 5 * s.core.state().timers.askPeriod + 250;
        long now = world.sched.now();
        int judges = 1;
        // by every id a peer ever had: a pod that came back with a new id judged under its old one (churn runs)
        String prefix = s.myId() + "/";
        String suffix = "/" + (strictOdown ? m.addr.host() + ":" + m.addr.port() : World.MASTER);
        for (Map.Entry<String, Long> e : downReplies.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(prefix) && k.endsWith(suffix) && !k.equals(prefix + s.myId() + suffix)
                    && now - e.getValue() <= window) {
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

    // ---- coordinated switchover ----------------------------------------------------------------

    private Switchover firstSwitchover;
    private int handoffs;
    private boolean sdownWhilePaused;
    private boolean failoverOfPaused;

    /** How the first accepted switchover ended, and whether a node handed over (PSYNC FAILOVER) in the run. */
    String firstSwitchoverOutcome() {
        Switchover sw = firstSwitchover;
        String end = sw == null ? "no switchover" : sw.ended() ? sw.endedBy : "still running";
        return end + (handoffs > 0 ? ", handed over" : ", no handoff")
                + (sdownWhilePaused ? ", a sentinel saw the paused primary SDOWN" : "")
                + (failoverOfPaused ? ", another sentinel tried to fail the paused primary over" : "");
    }

    /** The sentinel executing a client's SENTINEL FAILOVER right now (null: none). */
    private SimSentinel clientRequest;

    void onClientRequest(SimSentinel s, boolean running) {
        clientRequest = running ? s : null;
    }

    /** The scenario's {@code SENTINEL FAILOVER <name> COORDINATED ...} was answered {@code +OK} by {@code s}. */
    void onSwitchoverAccepted(SimSentinel s, String request) {
        Switchover sw = new Switchover(s, request, world.sched.now());
        if (firstSwitchover == null) {
            firstSwitchover = sw;
        }
        coordinating[s.index] = sw;
        switchovers.add(sw);
    }

    /** No switchover running, none waiting for a check, no node paused by one: the run may end. */
    boolean switchoversQuiet() {
        for (Switchover sw : coordinating) {
            if (sw != null) {
                return false;
            }
        }
        return pauses.isEmpty();
    }

    void endSwitchover(int sentinel, String by, boolean aborted) {
        Switchover sw = coordinating[sentinel];
        if (sw == null) {
            return;
        }
        coordinating[sentinel] = null;
        sw.endedAt = world.sched.now();
        sw.endedBy = by;
        sw.aborted = aborted;
        world.trace("switchover of S" + sentinel + " ended by " + by);
    }

    private Switchover runningSwitchoverOf(SimConnection c) {
        if (c == null) {
            return null;
        }
        Switchover sw = coordinating[c.client.index];
        return sw != null && sw.leader == c.client && sw.incarnation == c.clientIncarnation ? sw : null;
    }

    /** The node's writes stopped (a pause began where there was none): remember its offset and last write. */
    void onWritesPaused(SimRedis node, SimConnection c) {
        Switchover sw = runningSwitchoverOf(c);
        WritePause p = new WritePause(node, c == null ? null : c.client, sw, world.sched.now());
        pauses.put(node, p);
        if (sw != null) {
            sw.pauses.add(p);
        }
    }

    /** A CLIENT PAUSE until {@code end}: the pause may last until then. */
    void onPauseGiven(SimRedis node, SimConnection c, long end) {
        WritePause p = pauses.get(node);
        if (p != null) {
            p.allowedEnd = Math.max(p.allowedEnd, end);
        }
    }

    /** FAILOVER accepted; {@code deadline} is its TIMEOUT's end, 0 without one (it then may wait for ever). */
    void onFailoverAccepted(SimRedis node, SimConnection c, long deadline) {
        WritePause p = pauses.get(node);
        if (p != null) {
            p.failover = true;
            p.allowedEnd = Math.max(p.allowedEnd, deadline);
        }
    }

    void onWritesResumed(SimRedis node) {
        pauses.remove(node);
    }

    /** (a), (b): PSYNC FAILOVER made {@code target} master in place of {@code old}. */
    void onHandoff(SimRedis old, SimRedis target) {
        handoffs++;
        WritePause p = pauses.get(old);
        if (p == null) {
            world.fail("R" + old.index + " handed over to R" + target.index + " without its writes paused");
            return;
        }
        checkPromotion(target, p, "PSYNC FAILOVER");
        // (b) also every write the old primary acknowledged up to the handoff, not only those before the pause
        if (!SimRedis.Write.contains(target.lastWrite, old.lastWrite)) {
            world.fail("acknowledged writes lost: R" + old.index + " handed over to R" + target.index
                    + " whose history lacks R" + old.index + "'s last write at offset "
                    + (old.lastWrite == null ? 0 : old.lastWrite.offset()));
        }
    }

    /** (a), (b): REPLICAOF NO ONE from a sentinel; it counts if that sentinel is running a coordinated switchover. */
    void onSlaveOfNoOne(SimRedis node, SimConnection c) {
        Switchover sw = runningSwitchoverOf(c);
        if (sw == null) {
            return;
        }
        WritePause p = sw.lastPause();
        if (p == null) {
            world.fail("coordinated switchover " + sw + " promoted R" + node.index
                    + " with REPLICAOF NO ONE without ever pausing the primary's writes");
            return;
        }
        checkPromotion(node, p, "REPLICAOF NO ONE");
        SimRedis old = p.node;
        if (old.alive && old.master && !SimRedis.Write.contains(node.lastWrite, old.lastWrite)) {
            world.fail("acknowledged writes lost: coordinated switchover " + sw + " promoted R" + node.index
                    + " while R" + old.index + " is still master with writes up to offset " + old.offset);
        }
    }

    private void checkPromotion(SimRedis node, WritePause p, String how) {
        if (node.offset < p.offset) {
            world.fail("coordinated switchover promoted R" + node.index + " (" + how + ") at offset " + node.offset
                    + ", below the old primary's " + p.offset + ": " + p);
        } else if (!SimRedis.Write.contains(node.lastWrite, p.lastWrite)) {
            world.fail("acknowledged writes lost: R" + node.index + " promoted (" + how + ") without the writes R"
                    + p.node.index + " acknowledged before its pause: " + p);
        }
    }

    /** {@code +promoted-slave} from a coordinating sentinel: the node it names took over safely after the pause. */
    private void onCoordinatedPromotionReported(Switchover sw, Endpoint addr) {
        SimRedis node = world.redisAt(addr);
        WritePause p = sw.lastPause();
        if (node == null) {
            return;
        }
        String breach = null;
        if (p == null) {
            breach = "coordinated switchover " + sw + " reports R" + node.index
                    + " promoted though it never paused the primary's writes";
        } else if (node.promotedAt < p.since) {
            breach = "coordinated switchover " + sw + " reports R" + node.index
                    + " promoted, but it did not become master after the pause (" + p + ")";
        } else if (node.offsetAtPromotion < p.offset || !SimRedis.Write.contains(node.writeAtPromotion, p.lastWrite)) {
            breach = "coordinated switchover " + sw + " reports R" + node.index + " promoted at offset "
                    + node.offsetAtPromotion + " without every write before the pause (" + p + ")";
        }
        if (breach == null) {
            return;
        }
        if (strictSwitchover) {
            world.fail(breach);
        } else {
            world.finding(breach);
        }
    }

    /** (c), and the end of switchovers whose sentinel left its failover without an event. */
    private void checkSwitchovers() {
        long now = world.sched.now();
        for (int i = 0; i < coordinating.length; i++) {
            Switchover sw = coordinating[i];
            if (sw != null && sw.leader.core != null && sw.leader.incarnation == sw.incarnation
                    && !master(sw.leader).is(Flags.FAILOVER_IN_PROGRESS)) {
                endSwitchover(i, "failover no longer in progress", false);
            }
        }
        for (WritePause p : pauses.values()) {
            boolean over = p.switchover == null || p.switchover.ended();
            if (!over || p.node.paused || !p.node.alive) {
                continue;
            }
            long limit = Math.max(p.allowedEnd, p.node.resumedAt) + PAUSE_SLACK;
            if (now > limit) {
                world.fail("R" + p.node.index + " still has writes paused " + (now - p.allowedEnd)
                        + " ms past the end it was given (" + p + "; " + p.node.failoverState.info + ")"
                        + (p.switchover == null ? "" : " after switchover " + p.switchover));
                return;
            }
        }
        for (Switchover sw : switchovers) {
            if (sw.aborted && sw.leader.incarnation == sw.incarnation && sw.leader.alive) {
                checkLeftFailingOver(sw, now);
            }
        }
        // keep only aborted switchovers whose old primary still has to leave its failover state
        switchovers.removeIf(sw -> sw.ended() && !(sw.aborted && sw.lastPause() != null
                && sw.lastPause().node.failoverState != SimRedis.FailoverState.NO_FAILOVER
                && sw.leader.alive && sw.leader.incarnation == sw.incarnation));
    }

    /** (c) The sentinel aborted: the node it sent FAILOVER to must be out of its failover state soon after. */
    private void checkLeftFailingOver(Switchover sw, long now) {
        WritePause p = sw.lastPause();
        if (p == null || !p.failover) {
            return;
        }
        SimRedis node = p.node;
        if (!node.alive || node.failoverState == SimRedis.FailoverState.NO_FAILOVER) {
            return;
        }
        WritePause current = pauses.get(node);
        if (current != null && current.switchover != null && current.switchover != sw) {
            return;
        }
        boolean reachable = !node.paused && !sw.leader.paused && !world.net.blocked(node.host(), sw.leader.host());
        if (!reachable) {
            sw.reachableSinceAbort = -1;
            sw.unreachableSinceAbort = true;
            return;
        }
        if (sw.reachableSinceAbort < 0) {
            // reachable all along: the grace counts from the abort; else from when the path came back
            sw.reachableSinceAbort = sw.unreachableSinceAbort ? now : sw.endedAt;
        }
        if (now - sw.reachableSinceAbort > ABORT_GRACE) {
            world.fail("R" + node.index + " left in " + node.failoverState.info + " " + (now - sw.endedAt)
                    + " ms after switchover " + sw + " aborted");
        }
    }

    private static Endpoint endpoint(Address a) {
        return new Endpoint(a.host(), a.port());
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
