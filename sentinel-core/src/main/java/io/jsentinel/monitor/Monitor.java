package io.jsentinel.monitor;

import io.jsentinel.config.MasterConfig;
import io.jsentinel.event.Events;
import io.jsentinel.link.Connection;
import io.jsentinel.link.LinkFactory;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.Hello;
import io.jsentinel.link.InfoReport;
import io.jsentinel.link.RespValues;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.InstanceLink;
import io.jsentinel.state.LoopOwner;
import io.jsentinel.state.PublishedAddresses;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The instances this sentinel monitors and its links to them (protocol doc §1.3, §2): creating masters,
 * replicas and peers, reconnection (the handshake is {@link LinkHandshake}'s), periodic PING, INFO and hello,
 * sending commands and the reconfiguration transaction, and connection sharing between masters for peers.
 * What the instances report back goes to {@link Reports}.
 */
public final class Monitor {
    static final long FAST_INFO_MILLIS = 100;
    static final int FAST_INFO_MAX_PENDING = 5;

    /** Where what the instances report goes: INFO replies and hellos heard on the pub/sub links. */
    public interface Reports {
        void onInfo(Instance ri, String info);

        /** A hello from a peer (our own are filtered out before). */
        void onHello(String payload);
    }

    private final SentinelState state;
    private final LoopClock clock;
    private final LinkFactory links;
    private final Announcer announcer;
    private final PublishedAddresses published;
    private final Reports reports;
    private final LinkHandshake handshake;

    public Monitor(SentinelState state, LoopClock clock, LinkFactory links, Announcer announcer, Events events,
                   PublishedAddresses published, LoopOwner owner, Reports reports) {
        this.state = state;
        this.clock = clock;
        this.links = links;
        this.announcer = announcer;
        this.published = published;
        this.reports = reports;
        this.handshake = new LinkHandshake(this, state, clock, events, owner, reports);
    }

    // ---- the instances ---------------------------------------------------------------------------------

    /** Starts monitoring a master from its configuration (at load, and for SENTINEL MONITOR). */
    public Instance addMaster(MasterConfig mc) {
        Instance m = new Instance(Flags.MASTER, mc.name(), new Endpoint(mc.host(), mc.port()), null, clock.now());
        m.quorum = mc.quorum();
        m.downAfterPeriod = mc.downAfterMillis();
        m.failoverTimeout = mc.failoverTimeoutMillis();
        m.parallelSyncs = mc.parallelSyncs();
        m.authUser = emptyToNull(mc.authUser());
        m.authPass = emptyToNull(mc.authPass());
        m.notificationScript = mc.notificationScript();
        m.clientReconfigScript = mc.clientReconfigScript();
        m.masterRebootDownAfterPeriod = mc.masterRebootDownAfterPeriodMillis();
        m.renamedCommands.putAll(mc.renamedCommands());
        m.configEpoch = mc.configEpoch();
        m.leaderEpoch = mc.leaderEpoch();
        state.masters.put(m.name, m);
        published.publish(m);
        return m;
    }

    public Instance addReplica(Instance master, Endpoint addr) {
        Instance s = new Instance(Flags.SLAVE, announcer.endpoint(addr).name(), addr, master, clock.now());
        s.downAfterPeriod = master.downAfterPeriod;
        master.slaves.put(s.name, s);
        return s;
    }

    public Instance addPeer(Instance master, String runId, Endpoint addr) {
        Instance s = new Instance(Flags.SENTINEL, runId, addr, master, clock.now());
        s.runId = runId;
        s.downAfterPeriod = master.downAfterPeriod;
        master.sentinels.put(runId, s);
        tryConnectionSharing(s);
        return s;
    }

    public static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---- connections -------------------------------------------------------------------------------

    public void reconnect(Instance ri) {
        InstanceLink link = ri.link;
        if (!link.disconnected || ri.addr.port() == 0) {
            return;
        }
        long now = clock.now();
        if (now - link.lastReconnTime < state.timers.pingPeriod) {
            return;
        }
        link.lastReconnTime = now;
        if (link.cc == null) {
            link.ccConnTime = now;
            // Redis queues a PING on the new connection at once, so an instance that refuses connections
            // is timed from this attempt (act_ping_time), not from its last reply: a dropped connection
            // alone never makes an instance SDOWN sooner than down-after.
            if (link.actPingTime == 0) {
                link.actPingTime = now;
            }
            // Redis re-resolves a name before reconnecting; the lookup runs off the loop, and this link opens
            // to the name's last good IP meanwhile (the links resolve names the same way)
            announcer.refresh(ri.addr.host());
            link.cc = links.openCommand(ri.addr, handshake.new CommandListener(ri, link));
        }
        if (!ri.isSentinel() && link.pc == null) {
            link.pcConnTime = now;
            link.pcLastActivity = now;
            link.pc = links.openPubSub(ri.addr, handshake.new PubSubListener(ri, link));
        }
    }

    /** Closes the command connection (it is reopened by {@link #reconnect}). */
    public void closeCommandConnection(InstanceLink link) {
        Connection c = link.cc;
        if (c != null) {
            link.cc = null;
            link.pendingCommands = 0;
            link.disconnected = true;
            c.close();
        }
    }

    public void closePubSubConnection(InstanceLink link) {
        Connection c = link.pc;
        if (c != null) {
            link.pc = null;
            link.disconnected = true;
            c.close();
        }
    }

    /** Drops an instance's link, or its share of a peer link. */
    public void releaseLink(Instance ri) {
        InstanceLink link = ri.link;
        link.refcount--;
        if (link.refcount <= 0) {
            link.closeConnections();
        }
        ri.link = new InstanceLink(clock.now());
    }

    /** Closes the links of a master and everything under it. */
    public void releaseLinks(Instance master) {
        for (Instance s : master.slaves.values()) {
            releaseLink(s);
        }
        for (Instance p : master.sentinels.values()) {
            releaseLink(p);
        }
        closeCommandConnection(master.link);
        closePubSubConnection(master.link);
    }

    /** A peer known under several masters uses one connection (protocol doc §2.1). */
    public void tryConnectionSharing(Instance peer) {
        if (peer.runId == null) {
            return;
        }
        for (Instance m : state.masters.values()) {
            if (m == peer.master) {
                continue;
            }
            Instance match = m.sentinels.get(peer.runId);
            if (match != null && match != peer && match.addr.equals(peer.addr) && match.link != peer.link) {
                releaseLink(peer);
                peer.link = match.link;
                match.link.refcount++;
                return;
            }
        }
    }

    // ---- periodic commands ----------------------------------------------------------------------------

    public void sendPeriodicCommands(Instance ri) {
        InstanceLink link = ri.link;
        if (link.disconnected || link.cc == null) {
            return;
        }
        if (link.pendingCommands >= 100 * link.refcount) {
            return;
        }
        long now = clock.now();
        long infoPeriod = state.timers.infoPeriod;
        if (ri.isSlave() && (ri.master.is(Flags.O_DOWN) || ri.master.is(Flags.FAILOVER_IN_PROGRESS)
                || ri.masterLinkDownTime != 0)) {
            infoPeriod = 1000;
        }
        if (ri.isSlave() && ri.master.is(Flags.FAILOVER_IN_PROGRESS) && link.pendingCommands < FAST_INFO_MAX_PENDING
                && (ri.is(Flags.PROMOTED) || ri.is(Flags.RECONF_SENT) || ri.is(Flags.RECONF_INPROG))) {
            // The failover waits on what these replicas report: poll them every tick, not every second.
            infoPeriod = FAST_INFO_MILLIS;
        }
        if (ri.isMaster() && ri.is(Flags.COORD_FAILOVER) && link.pendingCommands < FAST_INFO_MAX_PENDING) {
            // a coordinated switchover follows the primary's master_failover_state too
            infoPeriod = FAST_INFO_MILLIS;
        }
        long pingPeriod = Math.min(ri.downAfterPeriod, state.timers.pingPeriod);
        if (!ri.isSentinel() && (ri.infoRefresh == 0 || now - ri.infoRefresh > infoPeriod)) {
            sendInfo(ri);
        }
        if (now - link.lastPongTime > pingPeriod && now - link.lastPingTime > pingPeriod / 2) {
            sendPing(ri);
        }
        if (now - ri.lastPubTime > state.timers.publishPeriod && !writesMayBePaused(ri)) {
            sendHello(ri);
        }
    }

    /**
     * PUBLISH waits out a write pause (Redis 7.0 counts it as a write), and a hello stuck behind it would hold the
     * link's pending count: no hellos to a primary from the coordinated switchover's pause to the promotion, nor to
     * a node that reports a FAILOVER of its own.
     */
    private static boolean writesMayBePaused(Instance ri) {
        return (ri.is(Flags.COORD_FAILOVER) && ri.failoverState.ordinal() <= FailoverState.WAIT_PROMOTION.ordinal())
                || ri.nodeFailover == InfoReport.NodeFailover.IN_PROGRESS;
    }

    public void sendInfo(Instance ri) {
        send(ri.link.cc, ri, reply -> {
            if (reply instanceof RespValue.BulkString b) {
                reports.onInfo(ri, b.utf8());
            }
        }, ri.command("INFO"));
    }

    public boolean sendPing(Instance ri) {
        InstanceLink link = ri.link;
        long now = clock.now();
        boolean sent = send(link.cc, ri, reply -> onPingReply(ri, link, reply), ri.command("PING"));
        if (sent) {
            link.lastPingTime = now;
            if (link.actPingTime == 0) {
                link.actPingTime = now;
            }
        }
        return sent;
    }

    private void onPingReply(Instance ri, InstanceLink link, RespValue reply) {
        String text = RespValues.statusOrErrorText(reply);
        if (text != null) {
            long now = clock.now();
            if (RespValues.isValidPingReply(reply)) {
                link.lastAvailTime = now;
                link.actPingTime = 0;
                if (text.startsWith("PONG")) {
                    ri.clear(Flags.MASTER_REBOOT);
                }
            } else if (text.startsWith("BUSY") && ri.is(Flags.S_DOWN) && !ri.is(Flags.SCRIPT_KILL_SENT)) {
                if (send(link.cc, ri, r -> { }, ri.command("SCRIPT"), "KILL")) {
                    ri.set(Flags.SCRIPT_KILL_SENT);
                }
            }
        }
        link.lastPongTime = clock.now();
    }

    /** Publishes our hello to the instance (protocol doc §4.1). */
    public boolean sendHello(Instance ri) {
        InstanceLink link = ri.link;
        if (link.disconnected || link.cc == null) {
            return false;
        }
        Instance master = ri.owner();
        String ip = state.announceIp != null ? state.announceIp : link.cc.localAddress();
        if (ip == null) {
            return false;
        }
        int port = state.announcePort != 0 ? state.announcePort : state.port;
        Endpoint maddr = master.addressForClients();
        String payload = Hello.format(ip, port, state.myId, state.currentEpoch, master.name, announcer.host(maddr),
                maddr.port(), master.configEpoch);
        return send(link.cc, ri, reply -> {
            if (!(reply instanceof RespValue.Error)) {
                ri.lastPubTime = clock.now();
            }
        }, ri.command("PUBLISH"), Hello.CHANNEL, payload);
    }

    /** Back-dates the last hello of a master, its replicas and peers so they go out on the next tick. */
    public void forceHelloUpdate(Instance master) {
        long back = state.timers.publishPeriod + 1;
        List<Instance> all = new ArrayList<>();
        all.add(master);
        all.addAll(master.slaves.values());
        all.addAll(master.sentinels.values());
        for (Instance ri : all) {
            if (ri.lastPubTime >= back) {
                ri.lastPubTime -= back;
            } else {
                ri.lastPubTime = Long.MIN_VALUE / 2;
            }
        }
    }

    /**
     * Sends a command on the instance's command connection and counts it as pending. The callback is
     * not called for a reply arriving after the connection was lost. Returns false when not connected.
     */
    public boolean send(Connection c, Instance ri, Consumer<RespValue> onReply, String... args) {
        if (c == null || !c.isOpen()) {
            return false;
        }
        InstanceLink link = ri.link;
        link.pendingCommands++;
        c.send(argv(args), reply -> {
            if (reply == null || link.cc != c) {
                return;
            }
            if (link.pendingCommands > 0) {
                link.pendingCommands--;
            }
            if (onReply != null) {
                onReply.accept(reply);
            }
        });
        return true;
    }

    static List<byte[]> argv(String... args) {
        List<byte[]> out = new ArrayList<>(args.length);
        for (String a : args) {
            out.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The six-command reconfiguration transaction of protocol doc §6.4; null address means NO ONE. */
    public boolean sendSlaveOf(Instance ri, Endpoint addr) {
        Connection c = ri.link.cc;
        if (c == null || !c.isOpen()) {
            return false;
        }
        String host = addr == null ? "NO" : announcer.host(addr);
        String port = addr == null ? "ONE" : Integer.toString(addr.port());
        send(c, ri, null, ri.command("MULTI"));
        if (ri.nodeFailover == InfoReport.NodeFailover.IN_PROGRESS) {
            // Redis refuses REPLICAOF while a FAILOVER runs; only then, so an ACL without +failover still works
            send(c, ri, null, ri.command("FAILOVER"), "ABORT");
        }
        send(c, ri, null, ri.command("SLAVEOF"), host, port);
        send(c, ri, null, ri.command("CONFIG"), "REWRITE");
        send(c, ri, null, ri.command("CLIENT"), "KILL", "TYPE", "normal");
        send(c, ri, null, ri.command("CLIENT"), "KILL", "TYPE", "pubsub");
        send(c, ri, null, ri.command("EXEC"));
        return true;
    }
}
