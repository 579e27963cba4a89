package io.jsentinel.sim;

import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Redis 7.0 node as a sentinel observes it: role and master, run id (new at every start), replication
 * offset and link state, replica priority, the reconfiguration transaction, LOADING after a restart,
 * pub/sub on the hello channel, and the planned switchover: {@code CLIENT PAUSE}/{@code UNPAUSE},
 * {@code FAILOVER} and its {@code PSYNC ... FAILOVER} handoff. Data is a chain of acknowledged writes (one per
 * replication cron of a master, from a simulated client); replication ids are not modelled.
 */
final class SimRedis extends SimProcess {
    static final long REPL_TIMEOUT = 60_000;
    /** Redis runs its replication cron every 100 ms instead of every second while a failover is under way. */
    static final long FAILOVER_CRON = 100;

    /** One acknowledged write: the offset it brought the master to, on top of the writes before it. */
    record Write(Write previous, long offset, long id) {
        /** True if {@code w} is in the history ending at {@code head} (null: no write at all). */
        static boolean contains(Write head, Write w) {
            if (w == null) {
                return true;
            }
            Write h = head;
            while (h != null && h.offset > w.offset) {
                h = h.previous;
            }
            return h == w;
        }
    }

    /** Redis' {@code master_failover_state}. */
    enum FailoverState {
        NO_FAILOVER("no-failover"), WAITING_FOR_SYNC("waiting-for-sync"), FAILOVER_IN_PROGRESS("failover-in-progress");

        final String info;

        FailoverState(String info) {
            this.info = info;
        }
    }

    final int index;
    final int priority;
    String runId;
    boolean master;
    Endpoint masterAddr;
    long offset;
    /** The last write this node holds; null while it holds none of the run's writes. */
    Write lastWrite;
    boolean linkUp;
    /** Virtual time the master link went down; 0 when it never was up in this life. */
    long linkDownSince;
    long syncDoneAt = -1;
    long lastContact;
    long loadingUntil;
    /** A lagging replica (busy, slow disk): it stays linked but applies nothing of its master's stream until then. */
    long lagUntil;
    /** Virtual time this node last became a master by a command or a handoff; -1 never. */
    long promotedAt = -1;
    /** Its offset then. */
    long offsetAtPromotion;
    /** Its last write then. */
    Write writeAtPromotion;
    // What CONFIG REWRITE wrote, used at restart.
    boolean savedMaster;
    Endpoint savedMasterAddr;

    // FAILOVER (in memory only: a restart forgets it, as Redis does).
    FailoverState failoverState = FailoverState.NO_FAILOVER;
    /** The replica FAILOVER hands over to; null while it waits for any replica to catch up. */
    Endpoint failoverTarget;
    /** When waiting-for-sync gives up (or, with FORCE, hands over anyway); 0 without TIMEOUT. */
    long failoverDeadline;
    boolean failoverForce;
    // CLIENT PAUSE (its own purpose: CLIENT UNPAUSE does not end a failover's pause, nor the reverse).
    long clientPauseEnd;
    boolean clientPauseAll;
    /** Clients held by a pause, in the order they were held: Redis resumes them in that order. */
    private final List<SimConnection> postponedClients = new ArrayList<>();

    SimRedis(World world, int index, Endpoint addr, int priority, Endpoint masterAddr) {
        super(world, addr);
        this.index = index;
        this.priority = priority;
        this.master = masterAddr == null;
        this.masterAddr = masterAddr;
        this.savedMaster = master;
        this.savedMasterAddr = masterAddr;
        this.runId = world.newRunId();
        this.linkUp = !master;
        this.offset = 1000;
    }

    boolean loading() {
        return world.sched.now() < loadingUntil;
    }

    /** Writes wait: a FAILOVER is under way (its own pause has no end time) or CLIENT PAUSE has not expired. */
    boolean writesPaused() {
        return failoverState != FailoverState.NO_FAILOVER || world.sched.now() < clientPauseEnd;
    }

    private boolean allPaused() {
        return clientPauseAll && world.sched.now() < clientPauseEnd;
    }

    /**
     * Comes back as a new pod, replicating from {@code master} as its start-up script found it (or its old
     * config when it found none).
     */
    void restartAsReplicaOf(Endpoint master) {
        if (master != null && !master.equals(addr)) {
            savedMaster = false;
            savedMasterAddr = master;
        }
        restart();
    }

    /** Starts again from the rewritten config: a new run id, and LOADING for a while. */
    void restart() {
        alive = true;
        runId = world.newRunId();
        master = savedMaster;
        masterAddr = savedMasterAddr;
        linkUp = false;
        linkDownSince = 0;
        syncDoneAt = -1;
        loadingUntil = world.sched.now() + 100 + world.rnd.nextInt(3000);
    }

    @Override
    void crash() {
        boolean wasPaused = writesPaused();
        failoverState = FailoverState.NO_FAILOVER;
        failoverTarget = null;
        failoverDeadline = 0;
        failoverForce = false;
        clientPauseEnd = 0;
        clientPauseAll = false;
        postponedClients.clear();
        if (wasPaused) {
            world.invariants.onWritesResumed(this);
        }
        super.crash();
    }

    @Override
    void forget(SimConnection c) {
        super.forget(c);
        postponedClients.remove(c);
    }

    @Override
    RespValue handle(SimConnection c, List<byte[]> argv) {
        String cmd = str(argv, 0).toUpperCase(Locale.ROOT);
        if (heldByPause(c, cmd)) {
            if (!postponedClients.contains(c)) {
                postponedClients.add(c);
                world.trace(this, "postponed " + cmd + " of " + c.client.addr);
            }
            return POSTPONED;
        }
        if (c.inMulti && !cmd.equals("EXEC") && !cmd.equals("DISCARD") && !cmd.equals("MULTI")) {
            if (loading() && (cmd.equals("SLAVEOF") || cmd.equals("REPLICAOF") || cmd.equals("FAILOVER"))) {
                c.queued.add(null);
                return loadingError();
            }
            c.queued.add(argv);
            return new RespValue.SimpleString("QUEUED");
        }
        switch (cmd) {
            case "MULTI":
                if (c.inMulti) {
                    return new RespValue.Error("ERR MULTI calls can not be nested");
                }
                c.inMulti = true;
                c.queued.clear();
                return ok();
            case "DISCARD":
                c.inMulti = false;
                c.queued.clear();
                return ok();
            case "EXEC": {
                if (!c.inMulti) {
                    return new RespValue.Error("ERR EXEC without MULTI");
                }
                c.inMulti = false;
                List<List<byte[]>> q = new ArrayList<>(c.queued);
                c.queued.clear();
                if (q.contains(null)) {
                    return new RespValue.Error("EXECABORT Transaction discarded because of previous errors.");
                }
                List<RespValue> out = new ArrayList<>();
                for (List<byte[]> a : q) {
                    out.add(execute(c, a));
                }
                return new RespValue.Array(out);
            }
            default:
                return execute(c, argv);
        }
    }

    /**
     * Redis checks the pause before it queues a command in MULTI: under a write pause it holds PUBLISH (it may
     * replicate) and an EXEC whose queue holds one; under a pause of all clients, everything.
     */
    private boolean heldByPause(SimConnection c, String cmd) {
        if (allPaused()) {
            return true;
        }
        if (!writesPaused()) {
            return false;
        }
        if (cmd.equals("PUBLISH")) {
            return true;
        }
        if (cmd.equals("EXEC") && c.inMulti) {
            for (List<byte[]> q : c.queued) {
                if (q != null && str(q, 0).equalsIgnoreCase("PUBLISH")) {
                    return true;
                }
            }
        }
        return false;
    }

    private RespValue execute(SimConnection c, List<byte[]> argv) {
        String cmd = str(argv, 0).toUpperCase(Locale.ROOT);
        switch (cmd) {
            case "PING":
                return loading() ? loadingError() : new RespValue.SimpleString("PONG");
            case "INFO":
                return new RespValue.BulkString(info().getBytes(StandardCharsets.UTF_8));
            case "AUTH":
                return ok();
            case "CLIENT":
                return client(c, argv);
            case "CONFIG":
                savedMaster = master;
                savedMasterAddr = masterAddr;
                return ok();
            case "SLAVEOF":
            case "REPLICAOF":
                if (loading()) {
                    return loadingError();
                }
                if (failoverState != FailoverState.NO_FAILOVER) {
                    return new RespValue.Error("ERR REPLICAOF not allowed while failing over.");
                }
                return slaveOf(c, str(argv, 1), str(argv, 2));
            case "FAILOVER":
                return failover(c, argv);
            case "SUBSCRIBE":
                c.subscribed = true;
                return new RespValue.Array(List.of(bulk("subscribe"), bulk(str(argv, 1)), new RespValue.Integer(1)));
            case "PUBLISH": {
                int n = 0;
                byte[] payload = argv.get(2);
                for (SimConnection s : List.copyOf(accepted)) {
                    if (s.subscribed) {
                        s.message(str(argv, 1), payload);
                        n++;
                    }
                }
                return new RespValue.Integer(n);
            }
            default:
                return new RespValue.Error("ERR unknown command '" + cmd + "'");
        }
    }

    private RespValue client(SimConnection c, List<byte[]> argv) {
        String sub = str(argv, 1).toUpperCase(Locale.ROOT);
        if (argv.size() >= 4 && sub.equals("KILL") && str(argv, 2).equalsIgnoreCase("TYPE")) {
            return new RespValue.Integer(killClients(c, str(argv, 3).equalsIgnoreCase("pubsub")));
        }
        if (sub.equals("PAUSE")) {
            return clientPause(c, argv);
        }
        if (sub.equals("UNPAUSE")) {
            if (clientPauseEnd != 0) {
                clientPauseEnd = 0;
                clientPauseAll = false;
                world.trace(this, "client unpause");
                pauseMayHaveEnded();
            }
            return ok();
        }
        return ok();
    }

    private RespValue clientPause(SimConnection c, List<byte[]> argv) {
        if (argv.size() < 3) {
            return new RespValue.Error("ERR wrong number of arguments for 'client|pause' command");
        }
        if (argv.size() > 4) {
            return syntaxError();
        }
        long ms;
        try {
            ms = Long.parseLong(str(argv, 2));
        } catch (NumberFormatException e) {
            return new RespValue.Error("ERR timeout is not an integer or out of range");
        }
        if (ms < 0) {
            return new RespValue.Error("ERR timeout is negative");
        }
        boolean all = true;
        if (argv.size() == 4) {
            String mode = str(argv, 3);
            if (mode.equalsIgnoreCase("WRITE")) {
                all = false;
            } else if (!mode.equalsIgnoreCase("ALL")) {
                return syntaxError();
            }
        }
        long now = world.sched.now();
        boolean wasPaused = writesPaused();
        // A second pause keeps the later end and the stricter kind.
        clientPauseEnd = Math.max(clientPauseEnd, now + ms);
        clientPauseAll |= all;
        world.trace(this, "client pause " + ms + (all ? " all" : " write"));
        if (!wasPaused) {
            world.invariants.onWritesPaused(this, c);
        }
        world.invariants.onPauseGiven(this, c, now + ms);
        long end = clientPauseEnd;
        int inc = incarnation;
        world.sched.at(end, () -> pauseExpiryCheck(inc));
        return ok();
    }

    /** Redis notices an expired pause on its next cron; a SIGSTOPped process only after SIGCONT. */
    private void pauseExpiryCheck(int inc) {
        if (!alive || incarnation != inc) {
            return;
        }
        if (paused) {
            world.sched.after(FAILOVER_CRON, () -> pauseExpiryCheck(inc));
            return;
        }
        pauseMayHaveEnded();
    }

    /** After any change to a pause: resumes held clients once nothing pauses them, and tells the invariants. */
    private void pauseMayHaveEnded() {
        if (!writesPaused()) {
            if (clientPauseEnd != 0) {
                clientPauseEnd = 0;
                clientPauseAll = false;
            }
            world.invariants.onWritesResumed(this);
        }
        if (allPaused()) {
            return;
        }
        // each held client retries its command; one still held (a write under a write pause) stays in line
        for (SimConnection held : List.copyOf(postponedClients)) {
            held.resumePostponed();
            if (!held.isPostponed()) {
                postponedClients.remove(held);
            }
        }
    }

    // ---- FAILOVER -------------------------------------------------------------------------------

    /** {@code FAILOVER [TO host port] [TIMEOUT ms] [FORCE]} and {@code FAILOVER ABORT}, with 7.0's checks in 7.0's order. */
    private RespValue failover(SimConnection c, List<byte[]> argv) {
        if (argv.size() == 2 && str(argv, 1).equalsIgnoreCase("ABORT")) {
            if (failoverState == FailoverState.NO_FAILOVER) {
                return new RespValue.Error("ERR No failover in progress.");
            }
            abortFailover("Failover manually aborted");
            return ok();
        }
        long timeout = 0;
        boolean force = false;
        String host = null;
        int port = 0;
        for (int j = 1; j < argv.size(); j++) {
            String a = str(argv, j);
            if (a.equalsIgnoreCase("TIMEOUT") && j + 1 < argv.size() && timeout == 0) {
                try {
                    timeout = Long.parseLong(str(argv, j + 1));
                } catch (NumberFormatException e) {
                    return notAnInteger();
                }
                if (timeout <= 0) {
                    return new RespValue.Error("ERR FAILOVER timeout must be greater than 0");
                }
                j++;
            } else if (a.equalsIgnoreCase("TO") && j + 2 < argv.size() && host == null) {
                try {
                    port = Integer.parseInt(str(argv, j + 2));
                } catch (NumberFormatException e) {
                    return notAnInteger();
                }
                host = str(argv, j + 1);
                j += 2;
            } else if (a.equalsIgnoreCase("FORCE") && !force) {
                force = true;
            } else {
                return syntaxError();
            }
        }
        if (failoverState != FailoverState.NO_FAILOVER) {
            return new RespValue.Error("ERR FAILOVER already in progress.");
        }
        if (!master) {
            return new RespValue.Error("ERR FAILOVER is not valid when server is a replica.");
        }
        if (connectedReplicas().isEmpty()) {
            return new RespValue.Error("ERR FAILOVER requires connected replicas.");
        }
        if (force && (timeout == 0 || host == null)) {
            return new RespValue.Error("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        }
        if (host != null) {
            SimRedis target = findReplica(host, port);
            if (target == null) {
                return new RespValue.Error("ERR FAILOVER target HOST and PORT is not a replica.");
            }
            if (!target.linkUp) {
                return new RespValue.Error("ERR FAILOVER target replica is not online.");
            }
            failoverTarget = target.addr;
        }
        long now = world.sched.now();
        boolean wasPaused = writesPaused();
        failoverDeadline = timeout > 0 ? now + timeout : 0;
        failoverForce = force;
        failoverState = FailoverState.WAITING_FOR_SYNC;
        world.trace(this, "failover to " + (failoverTarget == null ? "any replica" : failoverTarget)
                + (timeout > 0 ? " timeout " + timeout : "") + (force ? " force" : ""));
        if (!wasPaused) {
            world.invariants.onWritesPaused(this, c);
        }
        world.invariants.onFailoverAccepted(this, c, failoverDeadline);
        int inc = incarnation;
        // Redis also checks right after the command (beforeSleep): an idle master may hand over at once.
        world.sched.after(0, () -> failoverCron(inc));
        return ok();
    }

    /** Replicas attached to this master in any state (Redis' slaves list), in node order. */
    private List<SimRedis> connectedReplicas() {
        List<SimRedis> out = new ArrayList<>();
        for (SimRedis r : world.redis) {
            if (r != this && r.alive && !r.master && addr.equals(r.masterAddr) && (r.linkUp || r.syncDoneAt >= 0)) {
                out.add(r);
            }
        }
        return out;
    }

    private SimRedis findReplica(String host, int port) {
        for (SimRedis r : connectedReplicas()) {
            if (r.host().equalsIgnoreCase(host) && r.addr.port() == port) {
                return r;
            }
        }
        return null;
    }

    private void failoverCron(int inc) {
        if (!alive || incarnation != inc || failoverState == FailoverState.NO_FAILOVER) {
            return;
        }
        if (!paused) {
            if (failoverState == FailoverState.WAITING_FOR_SYNC) {
                updateFailoverStatus();
            } else {
                tryFailoverHandshake();
            }
        }
        if (failoverState != FailoverState.NO_FAILOVER) {
            world.sched.after(FAILOVER_CRON, () -> failoverCron(inc));
        }
    }

    /** waiting-for-sync: hand over once the target (or any replica) has acknowledged the whole offset. */
    private void updateFailoverStatus() {
        long now = world.sched.now();
        if (failoverDeadline != 0 && failoverDeadline <= now) {
            if (failoverForce) {
                becomeReplicaOfTarget();
            } else {
                abortFailover("Replica never caught up before timeout");
            }
            return;
        }
        SimRedis replica = null;
        if (failoverTarget != null) {
            replica = findReplica(failoverTarget.host(), failoverTarget.port());
        } else {
            for (SimRedis r : connectedReplicas()) {
                if (r.linkUp && r.offset == offset) {
                    replica = r;
                    failoverTarget = r.addr;
                    break;
                }
            }
        }
        // A replica still syncing has acknowledged nothing of this history.
        if (replica != null && replica.linkUp && replica.offset == offset) {
            becomeReplicaOfTarget();
        }
    }

    /** failover-in-progress: this node is a replica of the target and asks it to take over. */
    private void becomeReplicaOfTarget() {
        failoverState = FailoverState.FAILOVER_IN_PROGRESS;
        master = false;
        masterAddr = failoverTarget;
        linkUp = false;
        linkDownSince = world.sched.now();
        syncDoneAt = -1;
        world.recordReplicaOf(this, masterAddr);
        world.trace(this, "role slave of " + masterAddr + " (failover, offset " + offset + ")");
    }

    /**
     * The handshake ends with {@code PSYNC <replid> <offset> FAILOVER}: a target that replicates from this node
     * becomes master; anything else makes this node give up and become master again. Not reaching the target
     * (down, loading, stopped, cut off) is retried on the next cron, without a time limit, as in Redis.
     */
    private void tryFailoverHandshake() {
        SimRedis target = world.redisAt(masterAddr);
        if (target == null || !target.alive || target.paused || target.loading()
                || world.net.blocked(host(), target.host())) {
            return;
        }
        if (target.master) {
            abortFailover("Failover target rejected psync request (PSYNC FAILOVER can't be sent to a master.)");
            return;
        }
        if (!addr.equals(target.masterAddr)) {
            abortFailover("Failover target rejected psync request (PSYNC FAILOVER replid must match my replid.)");
            return;
        }
        target.takeOverFrom(this);
        long now = world.sched.now();
        // The target continues the history if it has everything this node has; otherwise a full resync.
        boolean partial = target.offset >= offset;
        if (partial) {
            linkUp = true;
            lastContact = now;
            offset = target.offset;
            lastWrite = target.lastWrite;
        }
        world.trace(this, "psync failover accepted by " + target.addr + (partial ? " (continue)" : " (full resync)"));
        clearFailoverState();
    }

    private void takeOverFrom(SimRedis old) {
        master = true;
        masterAddr = null;
        linkUp = false;
        syncDoneAt = -1;
        world.trace(this, "role master (failover from " + old.addr + ", offset " + offset + ")");
        notePromotion();
        world.invariants.onHandoff(old, this);
    }

    private void abortFailover(String why) {
        if (failoverState == FailoverState.NO_FAILOVER) {
            return;
        }
        world.trace(this, "failover aborted: " + why);
        if (failoverState == FailoverState.FAILOVER_IN_PROGRESS) {
            master = true;
            masterAddr = null;
            linkUp = false;
            syncDoneAt = -1;
            world.trace(this, "role master");
        }
        clearFailoverState();
    }

    private void clearFailoverState() {
        failoverState = FailoverState.NO_FAILOVER;
        failoverTarget = null;
        failoverDeadline = 0;
        failoverForce = false;
        pauseMayHaveEnded();
    }

    private void notePromotion() {
        promotedAt = world.sched.now();
        offsetAtPromotion = offset;
        writeAtPromotion = lastWrite;
    }

    // ---- replication ----------------------------------------------------------------------------

    private RespValue slaveOf(SimConnection c, String host, String port) {
        if (host.equalsIgnoreCase("NO") && port.equalsIgnoreCase("ONE")) {
            if (!master) {
                master = true;
                masterAddr = null;
                linkUp = false;
                syncDoneAt = -1;
                world.trace(this, "role master");
                notePromotion();
                world.invariants.onSlaveOfNoOne(this, c);
            }
            return ok();
        }
        Endpoint target = new Endpoint(host, Integer.parseInt(port));
        if (!master && target.equals(masterAddr)) {
            return new RespValue.SimpleString("OK Already connected to specified master");
        }
        master = false;
        masterAddr = target;
        linkUp = false;
        linkDownSince = world.sched.now();
        syncDoneAt = -1;
        world.recordReplicaOf(this, target);
        world.trace(this, "role slave of " + target);
        return ok();
    }

    private int killClients(SimConnection self, boolean pubsub) {
        int n = 0;
        for (SimConnection s : List.copyOf(accepted)) {
            if (s != self && s.subscribed == pubsub) {
                s.resetByServer();
                n++;
            }
        }
        return n;
    }

    /**
     * One run of the replication cron: a master takes one write from the simulated client (unless writes are
     * paused), replicas (re)connect and catch up.
     */
    void replicationTick() {
        if (!alive || paused || loading()) {
            return;
        }
        long now = world.sched.now();
        if (master) {
            if (writesPaused()) {
                return;
            }
            offset += 1 + world.rnd.nextInt(200);
            lastWrite = new Write(lastWrite, offset, world.nextWriteId());
            return;
        }
        if (failoverState == FailoverState.FAILOVER_IN_PROGRESS) {
            // the failover cron runs this link's handshake (PSYNC ... FAILOVER)
            return;
        }
        SimRedis target = world.redisAt(masterAddr);
        boolean reachable = target != null && target != this && target.alive && !target.paused && !target.loading()
                && !world.net.blocked(host(), target.host());
        if (reachable) {
            lastContact = now;
            if (linkUp) {
                if (now >= lagUntil) {
                    copyFrom(target);
                }
            } else if (syncDoneAt < 0) {
                // a failing-over master answers SYNC/PSYNC with -NOMASTERLINK
                if (target.failoverState == FailoverState.NO_FAILOVER) {
                    syncDoneAt = now + 200 + world.rnd.nextInt(1500);
                }
            } else if (now >= syncDoneAt) {
                linkUp = true;
                syncDoneAt = -1;
                copyFrom(target);
            }
            return;
        }
        syncDoneAt = -1;
        boolean reset = target == null || !target.alive || target.loading();
        if (linkUp && (reset || now - lastContact > REPL_TIMEOUT)) {
            linkUp = false;
            linkDownSince = now;
        }
    }

    private void copyFrom(SimRedis source) {
        offset = source.offset;
        lastWrite = source.lastWrite;
    }

    String info() {
        long now = world.sched.now();
        StringBuilder b = new StringBuilder(512);
        b.append("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nrun_id:").append(runId)
                .append("\r\ntcp_port:").append(addr.port()).append("\r\n\r\n# Replication\r\n");
        if (master) {
            List<SimRedis> replicas = world.replicasOf(this);
            b.append("role:master\r\nconnected_slaves:").append(replicas.size()).append("\r\n");
            for (int i = 0; i < replicas.size(); i++) {
                SimRedis r = replicas.get(i);
                b.append("slave").append(i).append(":ip=").append(r.host()).append(",port=").append(r.addr.port())
                        .append(",state=online,offset=").append(r.offset).append(",lag=0\r\n");
            }
        } else {
            b.append("role:slave\r\nmaster_host:").append(masterAddr.host()).append("\r\nmaster_port:")
                    .append(masterAddr.port()).append("\r\nmaster_link_status:").append(linkUp ? "up" : "down")
                    .append("\r\nmaster_last_io_seconds_ago:").append(linkUp ? 0 : -1)
                    .append("\r\nmaster_sync_in_progress:").append(syncDoneAt >= 0 ? 1 : 0)
                    .append("\r\nslave_read_repl_offset:").append(offset)
                    .append("\r\nslave_repl_offset:").append(offset).append("\r\n");
            if (!linkUp) {
                b.append("master_link_down_since_seconds:")
                        .append(linkDownSince == 0 ? -1 : (now - linkDownSince) / 1000).append("\r\n");
            }
            b.append("slave_priority:").append(priority).append("\r\nslave_read_only:1\r\nreplica_announced:1\r\n")
                    .append("connected_slaves:0\r\n");
        }
        b.append("master_failover_state:").append(failoverState.info).append("\r\nmaster_repl_offset:").append(offset)
                .append("\r\n");
        return b.toString();
    }

    private static RespValue loadingError() {
        return new RespValue.Error("LOADING Redis is loading the dataset in memory");
    }

    private static RespValue syntaxError() {
        return new RespValue.Error("ERR syntax error");
    }

    private static RespValue notAnInteger() {
        return new RespValue.Error("ERR value is not an integer or out of range");
    }

    private static RespValue ok() {
        return new RespValue.SimpleString("OK");
    }

    private static RespValue bulk(String s) {
        return new RespValue.BulkString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String str(List<byte[]> argv, int i) {
        return i < argv.size() ? new String(argv.get(i), StandardCharsets.UTF_8) : "";
    }
}
