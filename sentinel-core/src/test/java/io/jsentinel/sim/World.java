package io.jsentinel.sim;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One simulation run: the cluster built from a {@link Scenario}, the fault plan applied on virtual time,
 * invariants checked after every step, and the liveness check after the last fault healed.
 */
final class World {
    static final String MASTER = "mymaster";
    static final long REPL_CRON = 500;
    /** Percentage of seeds that get a coordinated switchover ({@code -Dsim.switchovers=P}). */
    static final int SWITCHOVER_PERCENT = Integer.getInteger("sim.switchovers", 25);
    /** Percentage of seeds that get issue 23's returning master ({@code -Dsim.returning=P}). */
    static final int RETURNING_PERCENT = Integer.getInteger("sim.returning", 20);
    /** Requests answered NOGOODSLAVE, INPROG or NOGOODPRIMARY (or not answered) are repeated every second, so often. */
    private static final int SWITCHOVER_ATTEMPTS = 10;

    /** What a run ended with. */
    record Result(long seed, String failure, long traceHash, long traceLines, long virtualMillis, long steps,
                  String scenario, String traceTail, String switchoverOutcome, String finding) {
        boolean ok() {
            return failure == null;
        }
    }

    final long seed;
    final Random rnd;
    final EventScheduler sched = new EventScheduler();
    final SimNetwork net = new SimNetwork();
    final Trace trace;
    final Scenario scenario;
    final Invariants invariants;
    final List<SimRedis> redis = new ArrayList<>();
    final List<SimSentinel> sentinels = new ArrayList<>();
    private final Map<Endpoint, SimProcess> processes = new LinkedHashMap<>();
    /** Every (replica, master address) pair that ever held, initial setup included. */
    private final Set<String> replicaHistory = new LinkedHashSet<>();
    private long connectionIds;
    private long writeIds;
    private long lastHeal;
    private int crashAfterVoteArmed = -1;
    private long crashAfterVoteDowntime;
    private String failure;
    private boolean converged;
    private int pendingSwitchoverRequests;
    private String lastSwitchoverAnswer;
    /** The first breach of a check that is strict only on request (docs/simulation.md, Findings), or null. */
    private String finding;
    /** What a sentinel pod is deployed with: restarted without its volume, it starts from this (a new id). */
    private SentinelConfig deployedConfig;
    /** Host numbers for pods that come back elsewhere: never an address used before. */
    private int nextSentinelHost = 100;
    private int nextRedisHost = 100;
    /** With the forgetting rule: when the post-convergence check of the sentinels' lists gives up. */
    private long forgetCheckDeadline;

    World(long seed, boolean echo) {
        this(seed, echo, SWITCHOVER_PERCENT);
    }

    World(long seed, boolean echo, int switchoverPercent) {
        this(seed, echo, switchoverPercent, false);
    }

    /** @param churn pods restarting at new addresses, with the sentinels' forgetting rule on (issue 20) */
    World(long seed, boolean echo, int switchoverPercent, boolean churn) {
        this.seed = seed;
        this.rnd = new Random(seed);
        this.trace = new Trace(echo);
        this.scenario = new Scenario(rnd);
        this.invariants = new Invariants(this);
        if (switchoverPercent > 0) {
            // its own stream: the run's own draws stay those of the seed
            Random plan = new Random(SimulationTest.mix(seed ^ 0x5317C40F_0019L));
            if (plan.nextInt(100) < switchoverPercent) {
                scenario.addSwitchover(plan);
            }
        }
        Random returning = new Random(SimulationTest.mix(seed ^ 0x2E7_0A57_0023L));
        if (returning.nextInt(100) < RETURNING_PERCENT) {
            scenario.addReturningMaster(returning);
        }
        if (churn) {
            scenario.addChurn(new Random(SimulationTest.mix(seed ^ 0xC4_0A2C_0020L)));
        }
    }

    // ---- building -------------------------------------------------------------------------------

    private void build() {
        buildRedis();
        Endpoint masterAddr = redis.get(0).addr;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < scenario.sentinels; i++) {
            byte[] b = new byte[20];
            rnd.nextBytes(b);
            ids.add(HexFormat.of().formatHex(b));
        }
        for (int i = 0; i < scenario.sentinels; i++) {
            Endpoint a = new Endpoint("10.0.1." + (i + 1), 26379);
            List<KnownSentinel> peers = new ArrayList<>();
            for (int j = 0; j < scenario.sentinels; j++) {
                if (j != i) {
                    peers.add(new KnownSentinel("10.0.1." + (j + 1), 26379, ids.get(j)));
                }
            }
            // with the forgetting rule, the deployment has been up a while: every sentinel has seen all alive together
            int seen = scenario.forgetAfter != 0 ? scenario.sentinels : 0;
            MasterConfig mc = new MasterConfig(MASTER, masterAddr.host(), masterAddr.port(), scenario.quorum,
                    scenario.downAfter, scenario.failoverTimeout, 1, null, null, null, null, 0, Map.of(), 0, 0,
                    List.of(), peers, seen);
            ServerSettings server = new ServerSettings(26379, List.of(), false, null, List.of(), "", "notice", null,
                    false, null, 0);
            SentinelConfig cfg = new SentinelConfig(ids.get(i), 0, true, false, false, null, 0, null, null, server,
                    List.of(mc), scenario.forgetAfter);
            if (deployedConfig == null) {
                MasterConfig bare = new MasterConfig(MASTER, masterAddr.host(), masterAddr.port(), scenario.quorum,
                        scenario.downAfter, scenario.failoverTimeout, 1, null, null, null, null, 0, Map.of(), 0, 0,
                        List.of(), List.of());
                deployedConfig = new SentinelConfig(null, 0, true, false, false, null, 0, null, null, server,
                        List.of(bare), scenario.forgetAfter);
            }
            SimSentinel s = new SimSentinel(this, i, a, new SimConfigStore(cfg));
            sentinels.add(s);
            processes.put(a, s);
        }
        for (SimSentinel s : sentinels) {
            sched.after(rnd.nextInt(100), () -> {
                s.boot();
                invariants.onBoot(s);
            });
        }
        scheduleReplicationCron();
        for (Scenario.Fault f : scenario.faults) {
            sched.at(f.at(), () -> apply(f));
        }
        lastHeal = scenario.lastHeal();
        sched.at(lastHeal, this::livenessCheck);
    }

    private void buildRedis() {
        Endpoint masterAddr = new Endpoint("10.0.0.1", 6379);
        for (int i = 0; i < scenario.redisNodes; i++) {
            Endpoint a = new Endpoint("10.0.0." + (i + 1), 6379);
            SimRedis r = new SimRedis(this, i, a, scenario.priorities[i], i == 0 ? null : masterAddr);
            redis.add(r);
            processes.put(a, r);
            if (i > 0) {
                recordReplicaOf(r, masterAddr);
            }
        }
    }

    /**
     * Only the Redis nodes (10.0.0.1 master, .2 and .3 its replicas, all linked) and their replication cron: no
     * sentinel, no fault, no liveness check. For tests of the node model, which drive {@link #sched} themselves.
     */
    static World nodesOnly(long seed) {
        World w = new World(seed, false);
        w.buildRedis();
        w.scheduleReplicationCron();
        return w;
    }

    /** A client host for tests of the node model: a sentinel process with no core, able to open connections. */
    SimSentinel testClient(int index) {
        SimSentinel s = new SimSentinel(this, index, new Endpoint("10.0.1." + (index + 1), 26379), new SimConfigStore(null));
        s.alive = true;
        return s;
    }

    private void scheduleReplicationCron() {
        sched.after(REPL_CRON, () -> {
            for (SimRedis r : redis) {
                r.replicationTick();
            }
            scheduleReplicationCron();
        });
    }

    // ---- running --------------------------------------------------------------------------------

    Result run() {
        try {
            build();
            while (failure == null && !converged) {
                sched.step(Long.MAX_VALUE);
                invariants.afterStep();
            }
        } catch (RuntimeException | AssertionError e) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            String st = w.toString();
            fail("exception at " + sched.now() + ": " + st.substring(0, Math.min(st.length(), 3000)));
        }
        return new Result(seed, failure, trace.hash(), trace.lines(), sched.now(), sched.executed(),
                scenario.toString(), trace.tail(), switchoverOutcome(), finding);
    }

    /** How this run's coordinated switchover went, for the tally; null without one. */
    private String switchoverOutcome() {
        if (scenario.switchover == null) {
            return null;
        }
        if (lastSwitchoverAnswer == null) {
            return "never requested";
        }
        if (!lastSwitchoverAnswer.equals("+OK")) {
            return "refused " + lastSwitchoverAnswer.split(" ")[0];
        }
        return invariants.firstSwitchoverOutcome();
    }

    /** Why the run failed so far, or null. */
    String failure() {
        return failure;
    }

    void finding(String what) {
        if (finding == null) {
            finding = what;
            trace("finding " + what);
        }
    }

    void fail(String why) {
        if (failure == null) {
            failure = why;
            trace("FAIL " + why);
        }
    }

    private void livenessCheck() {
        long deadline = lastHeal + 3 * scenario.failoverTimeout + 60_000;
        if (sched.now() >= lastHeal && allHealed() && converged()) {
            if (scenario.forgetAfter != 0) {
                trace("converged; the sentinels' lists must now shrink to what is alive");
                forgetCheckDeadline = sched.now() + scenario.forgetAfter + 2 * 10_000 + 15_000;
                sched.after(1000, this::forgettingCheck);
                return;
            }
            converged = true;
            trace("converged");
            return;
        }
        if (sched.now() > deadline) {
            fail("liveness: not converged " + (sched.now() - lastHeal) + " ms after the last fault healed: "
                    + describeCluster());
            return;
        }
        sched.after(1000, this::livenessCheck);
    }

    /**
     * With the forgetting rule, once converged: every sentinel lists exactly the other sentinels as peers (where the
     * rule may forget peers: the quorum a strict majority) and exactly the replicas there are, within the forgetting
     * period and two INFO periods.
     */
    private void forgettingCheck() {
        String stale = staleEntries();
        if (stale == null) {
            converged = true;
            trace("converged, lists exact");
            return;
        }
        if (sched.now() > forgetCheckDeadline) {
            fail("forgetting: still stale " + stale);
            return;
        }
        sched.after(1000, this::forgettingCheck);
    }

    private String staleEntries() {
        Set<String> peerIds = new LinkedHashSet<>();
        for (SimSentinel s : sentinels) {
            peerIds.add(s.myId());
        }
        SimRedis m = null;
        for (SimRedis r : redis) {
            if (r.master) {
                m = r;
            }
        }
        Set<Endpoint> replicas = new LinkedHashSet<>();
        for (SimRedis r : redis) {
            if (r != m && !chainedUnknown(r, m)) {
                replicas.add(r.addr);
            }
        }
        boolean peersForgettable = 2 * scenario.quorum > scenario.sentinels;
        for (SimSentinel s : sentinels) {
            if (s.core == null) {
                return "S" + s.index + " down";
            }
            var master = s.core.state().masters.get(MASTER);
            if (peersForgettable) {
                Set<String> expected = new LinkedHashSet<>(peerIds);
                expected.remove(s.myId());
                if (!master.sentinels.keySet().equals(expected)) {
                    StringBuilder why = new StringBuilder();
                    for (var p : master.sentinels.values()) {
                        if (!expected.contains(p.name)) {
                            why.append(' ').append(p.name, 0, 8).append(':').append(
                                    io.jsentinel.detect.StaleEntryRule.forPeer(master, p, s.core.now(),
                                            scenario.forgetAfter, s.core.state().tilt, s.core.state().timers));
                        }
                    }
                    return "S" + s.index + " peers " + master.sentinels.keySet() + ", alive " + expected + ", kept:"
                            + why + " (seen " + master.liveSentinelsSeen + ")";
                }
            }
            Set<Endpoint> listed = new LinkedHashSet<>();
            for (var r : master.slaves.values()) {
                // an old master's address is kept on purpose (StaleEntryRule.Reason.FORMER_MASTER), even when moved
                if (replicas.contains(r.addr) || !master.formerAddresses.contains(r.addr)) {
                    listed.add(r.addr);
                }
            }
            if (!listed.equals(replicas)) {
                StringBuilder why = new StringBuilder();
                for (var r : master.slaves.values()) {
                    if (!replicas.contains(r.addr)) {
                        why.append(' ').append(r.addr).append(':').append(io.jsentinel.detect.StaleEntryRule.forReplica(
                                master, r, s.core.now(), scenario.forgetAfter, s.core.state().tilt,
                                s.core.state().timers));
                    }
                }
                return "S" + s.index + " replicas " + listed + ", alive " + replicas + ", kept:" + why;
            }
        }
        return null;
    }

    /**
     * A moved replica that came back behind a node demoted meanwhile (or one that has moved away since), and that no
     * sentinel knows: Redis learns replicas only from the master's INFO, so it stays where it is, as it would with
     * redis-sentinel (churn runs).
     */
    private boolean chainedUnknown(SimRedis r, SimRedis m) {
        if (!r.alive || r.master || r.masterAddr == null || m == null) {
            return false;
        }
        SimRedis via = redisAt(r.masterAddr);
        // behind a replica of the master, or following an address whose pod has gone since
        boolean stranded = via == null && process(r.masterAddr) == null;
        if (!stranded && (via == null || via == m || via.master || !m.addr.equals(via.masterAddr))) {
            return false;
        }
        for (SimSentinel s : sentinels) {
            if (s.core != null) {
                for (var known : s.core.state().masters.get(MASTER).slaves.values()) {
                    if (known.addr.equals(r.addr)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** All sentinels up, holding the same config-epoch, yet naming different masters. */
    private boolean equalEpochSplit() {
        Long epoch = null;
        Set<Endpoint> named = new LinkedHashSet<>();
        for (SimSentinel s : sentinels) {
            if (s.core == null) {
                return false;
            }
            long ce = s.core.state().masters.get(MASTER).configEpoch;
            if (epoch != null && epoch != ce) {
                return false;
            }
            epoch = ce;
            named.add(reportedMaster(s));
        }
        return named.size() > 1;
    }

    private boolean allHealed() {
        for (SimProcess p : processes.values()) {
            if (!p.alive || p.paused) {
                return false;
            }
        }
        return !net.partitioned();
    }

    private boolean converged() {
        Endpoint agreed = null;
        for (SimSentinel s : sentinels) {
            Endpoint e = reportedMaster(s);
            if (e == null || (agreed != null && !agreed.equals(e))) {
                return false;
            }
            agreed = e;
        }
        SimRedis m = redisAt(agreed);
        if (m == null || !m.alive || !m.master) {
            return false;
        }
        for (SimRedis r : redis) {
            if (r != m && (!r.alive || r.master || !agreed.equals(r.masterAddr)) && !chainedUnknown(r, m)) {
                return false;
            }
            if (r.failoverState != SimRedis.FailoverState.NO_FAILOVER || r.writesPaused()) {
                return false;
            }
        }
        return pendingSwitchoverRequests == 0 && invariants.switchoversQuiet();
    }

    private static Endpoint reportedMaster(SimSentinel s) {
        if (s.core == null) {
            return null;
        }
        RespValue r = s.core.commands().execute(List.of("SENTINEL".getBytes(StandardCharsets.UTF_8),
                "GET-MASTER-ADDR-BY-NAME".getBytes(StandardCharsets.UTF_8), MASTER.getBytes(StandardCharsets.UTF_8)));
        // Clients are answered off the loop from the published address: it must never differ.
        RespValue published = s.core.publishedMasterAddress(MASTER);
        if (!published.equals(r)) {
            throw new AssertionError("S" + s.index + " publishes " + published + " but the loop answers " + r);
        }
        if (r instanceof RespValue.Array a && a.items().size() == 2
                && a.items().get(0) instanceof RespValue.BulkString h
                && a.items().get(1) instanceof RespValue.BulkString p) {
            return new Endpoint(h.utf8(), Integer.parseInt(p.utf8()));
        }
        return null;
    }

    String describeCluster() {
        StringBuilder b = new StringBuilder();
        for (SimSentinel s : sentinels) {
            b.append("S").append(s.index).append("->").append(reportedMaster(s));
            if (s.core != null) {
                var m = s.core.state().masters.get(MASTER);
                b.append("(ce=").append(m.configEpoch).append(",fo=").append(m.failoverState)
                        .append(",tilt=").append(s.core.state().tilt).append(")");
            }
            b.append(' ');
        }
        for (SimRedis r : redis) {
            b.append(r.addr).append(r.alive ? "" : "(dead)").append(r.master ? " master" : " slave of " + r.masterAddr)
                    .append(r.linkUp || r.master ? "" : "(link down)").append("; ");
        }
        return b.toString();
    }

    // ---- faults ---------------------------------------------------------------------------------

    private void apply(Scenario.Fault f) {
        trace("fault " + f);
        switch (f.kind()) {
            case CRASH_REDIS -> {
                SimRedis r = redisTarget(f.target());
                if (r != null && r.alive) {
                    r.crash();
                    int inc = r.incarnation;
                    sched.after(f.duration(), () -> {
                        if (!r.alive && r.incarnation == inc) {
                            r.restart();
                            trace(r, "restart run_id " + r.runId);
                        }
                    });
                }
            }
            case CRASH_SENTINEL -> crashSentinel(sentinels.get(f.target()), f.duration());
            case PARTITION -> partition(f.mask(), f.duration());
            case ISOLATE_MASTER -> {
                SimRedis m = redisTarget(-1);
                int mask = f.mask();
                if (m != null) {
                    mask |= 1 << m.index;
                }
                partition(mask, f.duration());
            }
            case PAUSE_REDIS -> pause(redisTarget(f.target()), f.duration());
            case PAUSE_SENTINEL -> pause(sentinels.get(f.target()), f.duration());
            case CLOCK_JUMP -> sentinels.get(f.target()).clock.jumpWall(f.amount());
            case CUT -> {
                List<SimConnection> open = new ArrayList<>();
                for (SimSentinel s : sentinels) {
                    for (SimConnection c : s.connections) {
                        if (c.isOpenForFaults()) {
                            open.add(c);
                        }
                    }
                }
                if (!open.isEmpty()) {
                    SimConnection c = open.get((int) (f.amount() % open.size()));
                    trace("cut conn " + c.id);
                    c.cut();
                }
            }
            case SLOW -> {
                String host = f.target() < redis.size() ? redis.get(f.target()).host()
                        : sentinels.get(f.target() - redis.size()).host();
                net.setExtraDelay(host, f.amount());
                sched.after(f.duration(), () -> net.setExtraDelay(host, 0));
            }
            case CRASH_AFTER_VOTE -> {
                crashAfterVoteArmed = f.target();
                crashAfterVoteDowntime = f.duration();
            }
            case SWITCHOVER -> requestSwitchover(f.target(), (int) f.amount() - 1, 1);
            case REPLICA_LAG -> {
                SimRedis r = redis.get(f.target());
                r.lagUntil = Math.max(r.lagUntil, sched.now() + f.duration());
            }
            case MOVE_SENTINEL -> moveSentinel(sentinels.get(f.target()), f.duration(), f.amount() == 1);
            case MOVE_REPLICA -> moveReplica(redis.get(f.target()), f.duration());
            case CUT_LEADER_LINKS -> {
                SimRedis m = redisTarget(-1);
                for (SimConnection c : List.copyOf(sentinels.get(f.target()).connections)) {
                    if (m != null && c.server == m && c.isOpenForFaults()) {
                        trace("cut conn " + c.id);
                        c.cut();
                    }
                }
            }
        }
    }

    /**
     * The client's {@code SENTINEL FAILOVER mymaster COORDINATED [TO ip port] [TIMEOUT ms]}, as a sentinel's core
     * answers it.
     */
    private void requestSwitchover(int sentinel, int to, int attempt) {
        SimSentinel s = sentinels.get(sentinel);
        List<String> words = new ArrayList<>(List.of("SENTINEL", "FAILOVER", MASTER, "COORDINATED"));
        if (to >= 0) {
            Endpoint target = redis.get(to).addr;
            words.addAll(List.of("TO", target.host(), Integer.toString(target.port())));
        }
        if (scenario.switchoverTimeout > 0) {
            words.addAll(List.of("TIMEOUT", Long.toString(scenario.switchoverTimeout)));
        }
        String request = String.join(" ", words);
        RespValue reply = null;
        if (s.alive && !s.paused && s.core != null) {
            List<byte[]> argv = new ArrayList<>();
            for (String w : words) {
                argv.add(w.getBytes(StandardCharsets.UTF_8));
            }
            invariants.onClientRequest(s, true);
            reply = s.core.commands().execute(argv);
            invariants.onClientRequest(s, false);
        }
        String answer = reply == null ? "(no answer)" : reply instanceof RespValue.SimpleString ok ? "+" + ok.text()
                : reply instanceof RespValue.Error e ? "-" + e.text() : reply.toString();
        trace(s, request + " -> " + answer);
        lastSwitchoverAnswer = answer;
        if (answer.equals("+OK")) {
            invariants.onSwitchoverAccepted(s, request);
        } else if (attempt < SWITCHOVER_ATTEMPTS && (reply == null || answer.startsWith("-NOGOODSLAVE")
                || answer.startsWith("-INPROG") || answer.startsWith("-NOGOODPRIMARY"))) {
            pendingSwitchoverRequests++;
            sched.after(1000, () -> {
                pendingSwitchoverRequests--;
                requestSwitchover(sentinel, to, attempt + 1);
            });
        }
    }

    private void partition(int mask, long duration) {
        Map<String, Integer> groups = new LinkedHashMap<>();
        for (SimRedis r : redis) {
            groups.put(r.host(), (mask >> r.index) & 1);
        }
        for (SimSentinel s : sentinels) {
            groups.put(s.host(), (mask >> (8 + s.index)) & 1);
        }
        int gen = net.partition(groups);
        sched.after(duration, () -> {
            net.heal(gen);
            trace("heal partition " + gen);
        });
    }

    private void pause(SimProcess p, long duration) {
        if (p == null || !p.alive || p.paused) {
            return;
        }
        p.paused = true;
        int inc = p.incarnation;
        sched.after(duration, () -> {
            if (p.alive && p.paused && p.incarnation == inc) {
                trace("resume " + p.addr);
                p.resumedAt = sched.now();
                if (p instanceof SimSentinel s) {
                    s.resume();
                } else {
                    p.paused = false;
                }
            }
        });
    }

    void crashSentinel(SimSentinel s, long downtime) {
        crashAndRestart(s, downtime, "crash", () -> trace(s, "restart"));
    }

    /** Kills {@code s} and boots it {@code downtime} later, after {@code beforeBoot} (unless it came back meanwhile). */
    private void crashAndRestart(SimSentinel s, long downtime, String crashLine, Runnable beforeBoot) {
        if (!s.alive) {
            return;
        }
        trace(s, crashLine);
        s.crash();
        invariants.onCrash(s);
        int inc = s.incarnation;
        lastHeal = Math.max(lastHeal, sched.now() + downtime);
        sched.after(downtime, () -> {
            if (!s.alive && s.incarnation == inc) {
                beforeBoot.run();
                s.boot();
                invariants.onBoot(s);
            }
        });
    }

    /** The pod is deleted and comes back at a new address: with its volume (same id) or without (a new id). */
    private void moveSentinel(SimSentinel s, long downtime, boolean newId) {
        crashAndRestart(s, downtime, "crash, to come back elsewhere" + (newId ? " without its volume" : ""), () -> {
            moveTo(s, new Endpoint("10.0.1." + nextSentinelHost++, 26379));
            if (newId) {
                s.store.replaceWith(deployedConfig());
            }
            trace(s, "restart at " + s.addr + (newId ? " with a new id" : ""));
        });
    }

    /**
     * The config a sentinel pod without its volume starts from: the deployment's, naming the master its start-up script
     * finds (what the running sentinels agree on, else the node that is master now), as charts do so that a pod does
     * not go back to monitoring the master of the first deployment.
     */
    private SentinelConfig deployedConfig() {
        Endpoint agreed = masterTheSentinelsAgreeOn();
        if (agreed == null) {
            SimRedis m = redisTarget(-1);
            agreed = m != null ? m.addr : null;
        }
        if (agreed == null) {
            return deployedConfig;
        }
        MasterConfig bare = deployedConfig.masters().get(0);
        MasterConfig at = new MasterConfig(MASTER, agreed.host(), agreed.port(), bare.quorum(), bare.downAfterMillis(),
                bare.failoverTimeoutMillis(), 1, null, null, null, null, 0, Map.of(), 0, 0, List.of(), List.of());
        return new SentinelConfig(null, 0, true, false, false, null, 0, null, null, deployedConfig.server(),
                List.of(at), deployedConfig.forgetStaleAfterMillis());
    }

    /**
     * What a pod's start-up script gets when it asks the running sentinels for the master: the address all that answer
     * name (the last one's, when an earlier one had none), or null when they disagree or none answers (a pod being
     * started is down, so it is not asked).
     */
    private Endpoint masterTheSentinelsAgreeOn() {
        Endpoint agreed = null;
        boolean disagree = false;
        for (SimSentinel s : sentinels) {
            if (!s.alive || s.paused || s.core == null) {
                continue;
            }
            Endpoint e = reportedMaster(s);
            disagree |= agreed != null && !agreed.equals(e);
            agreed = e;
        }
        return disagree ? null : agreed;
    }

    /** A replica's pod is deleted and comes back at a new address, replicating from the master of the moment. */
    private void moveReplica(SimRedis r, long downtime) {
        if (!r.alive || r.master || r == redisTarget(-1)) {
            return;
        }
        trace(r, "crash, to come back elsewhere");
        r.crash();
        int inc = r.incarnation;
        lastHeal = Math.max(lastHeal, sched.now() + downtime);
        sched.after(downtime, () -> restartMovedReplica(r, inc, sched.now() + 60_000));
    }

    /**
     * Like the start-up script of a replica pod: asks the sentinels for the master and starts replicating from it
     * once all that answer agree on a node that is master, and waits (down) while they do not, e.g. in a failover.
     */
    private void restartMovedReplica(SimRedis r, int inc, long giveUpAt) {
        if (r.alive || r.incarnation != inc) {
            return;
        }
        SimRedis m = redisAt(masterTheSentinelsAgreeOn());
        boolean ready = m != null && m.alive && m.master && m != r;
        if (!ready && sched.now() < giveUpAt) {
            lastHeal = Math.max(lastHeal, sched.now() + 1000);
            sched.after(1000, () -> restartMovedReplica(r, inc, giveUpAt));
            return;
        }
        moveTo(r, new Endpoint("10.0.0." + nextRedisHost++, 6379));
        r.restartAsReplicaOf(ready ? m.addr : null);
        if (!r.master) {
            recordReplicaOf(r, r.masterAddr);
        }
        trace(r, "restart at " + r.addr + " run_id " + r.runId + (r.master ? "" : ", replica of " + r.masterAddr));
    }

    private void moveTo(SimProcess p, Endpoint to) {
        processes.remove(p.addr);
        p.addr = to;
        processes.put(to, p);
    }

    /** -1: the node that is master in the model now (the first alive one), else by index. */
    private SimRedis redisTarget(int target) {
        if (target >= 0) {
            return redis.get(target);
        }
        for (SimRedis r : redis) {
            if (r.alive && r.master) {
                return r;
            }
        }
        return null;
    }

    // ---- services for the model -----------------------------------------------------------------

    void onEvent(SimSentinel s, SentinelEvent e) {
        trace(s, e.type() + " " + e.message());
        invariants.onEvent(s, e);
        if (e instanceof SentinelEvent.VoteForLeader && crashAfterVoteArmed == s.index) {
            crashAfterVoteArmed = -1;
            long delay = rnd.nextInt(50);
            sched.after(delay, () -> crashSentinel(s, crashAfterVoteDowntime));
        }
    }

    SimProcess process(Endpoint addr) {
        return processes.get(addr);
    }

    SimRedis redisAt(Endpoint addr) {
        return addr != null && processes.get(addr) instanceof SimRedis r ? r : null;
    }

    List<SimRedis> replicasOf(SimRedis m) {
        List<SimRedis> out = new ArrayList<>();
        for (SimRedis r : redis) {
            if (r != m && r.alive && !r.master && r.linkUp && m.addr.equals(r.masterAddr)) {
                out.add(r);
            }
        }
        return out;
    }

    void recordReplicaOf(SimRedis r, Endpoint master) {
        replicaHistory.add(r.addr + ">" + master);
    }

    boolean wasReplicaOf(Endpoint replica, Endpoint master) {
        return replicaHistory.contains(replica + ">" + master);
    }

    String newRunId() {
        byte[] b = new byte[20];
        rnd.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    long nextConnectionId() {
        return ++connectionIds;
    }

    long nextWriteId() {
        return ++writeIds;
    }

    void trace(String line) {
        trace.add(sched.now(), line);
    }

    void trace(SimProcess p, String line) {
        String who = p instanceof SimSentinel s ? "S" + s.index : "R" + ((SimRedis) p).index;
        trace.add(sched.now(), who + " " + line);
    }
}
