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
 * and pub/sub on the hello channel. Data, PSYNC and replication ids are not modelled.
 */
final class SimRedis extends SimProcess {
    static final long REPL_TIMEOUT = 60_000;

    final int index;
    final int priority;
    String runId;
    boolean master;
    Endpoint masterAddr;
    long offset;
    boolean linkUp;
    /** Virtual time the master link went down; 0 when it never was up in this life. */
    long linkDownSince;
    long syncDoneAt = -1;
    long lastContact;
    long loadingUntil;
    // What CONFIG REWRITE wrote, used at restart.
    boolean savedMaster;
    Endpoint savedMasterAddr;

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
    RespValue handle(SimConnection c, List<byte[]> argv) {
        String cmd = str(argv, 0).toUpperCase(Locale.ROOT);
        if (c.inMulti && !cmd.equals("EXEC") && !cmd.equals("DISCARD") && !cmd.equals("MULTI")) {
            if (loading() && (cmd.equals("SLAVEOF") || cmd.equals("REPLICAOF"))) {
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

    private RespValue execute(SimConnection c, List<byte[]> argv) {
        String cmd = str(argv, 0).toUpperCase(Locale.ROOT);
        switch (cmd) {
            case "PING":
                return loading() ? loadingError() : new RespValue.SimpleString("PONG");
            case "INFO":
                return new RespValue.BulkString(info().getBytes(StandardCharsets.UTF_8));
            case "AUTH":
            case "CLIENT":
                if (argv.size() >= 4 && str(argv, 1).equalsIgnoreCase("KILL") && str(argv, 2).equalsIgnoreCase("TYPE")) {
                    return new RespValue.Integer(killClients(c, str(argv, 3).equalsIgnoreCase("pubsub")));
                }
                return ok();
            case "CONFIG":
                savedMaster = master;
                savedMasterAddr = masterAddr;
                return ok();
            case "SLAVEOF":
            case "REPLICAOF":
                if (loading()) {
                    return loadingError();
                }
                return slaveOf(str(argv, 1), str(argv, 2));
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

    private RespValue slaveOf(String host, String port) {
        if (host.equalsIgnoreCase("NO") && port.equalsIgnoreCase("ONE")) {
            if (!master) {
                master = true;
                masterAddr = null;
                linkUp = false;
                syncDoneAt = -1;
                world.trace(this, "role master");
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

    /** One run of the replication cron: the master's offset grows, replicas (re)connect and catch up. */
    void replicationTick() {
        if (!alive || paused || loading()) {
            return;
        }
        long now = world.sched.now();
        if (master) {
            offset += 1 + world.rnd.nextInt(200);
            return;
        }
        SimRedis target = world.redisAt(masterAddr);
        boolean reachable = target != null && target != this && target.alive && !target.paused && !target.loading()
                && !world.net.blocked(host(), target.host());
        if (reachable) {
            lastContact = now;
            if (linkUp) {
                offset = target.offset;
            } else if (syncDoneAt < 0) {
                syncDoneAt = now + 200 + world.rnd.nextInt(1500);
            } else if (now >= syncDoneAt) {
                linkUp = true;
                syncDoneAt = -1;
                offset = target.offset;
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
        b.append("master_failover_state:no-failover\r\nmaster_repl_offset:").append(offset).append("\r\n");
        return b.toString();
    }

    private static RespValue loadingError() {
        return new RespValue.Error("LOADING Redis is loading the dataset in memory");
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
