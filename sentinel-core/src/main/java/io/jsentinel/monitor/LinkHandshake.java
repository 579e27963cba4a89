package io.jsentinel.monitor;

import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Hello;
import io.jsentinel.link.RespValues;
import io.jsentinel.state.Instance;
import io.jsentinel.state.InstanceLink;
import io.jsentinel.state.LoopOwner;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a new link to an instance sends first and how its ups and downs reach the state (protocol doc §2.2):
 * AUTH, CLIENT SETNAME, the first PING and periodic commands on the command link, SUBSCRIBE to the hello
 * channel on the pub/sub link, and the {@code disconnected} flag. {@link Monitor} opens the links.
 */
final class LinkHandshake {
    private final Monitor monitor;
    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    private final LoopOwner owner;
    private final Monitor.Reports reports;

    LinkHandshake(Monitor monitor, SentinelState state, LoopClock clock, Events events, LoopOwner owner,
                  Monitor.Reports reports) {
        this.monitor = monitor;
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.owner = owner;
        this.reports = reports;
    }

    private void updateDisconnected(Instance ri, InstanceLink link) {
        boolean ccUp = link.cc != null && link.cc.isOpen();
        boolean pcUp = ri.isSentinel() || (link.pc != null && link.pc.isOpen());
        link.disconnected = !(ccUp && pcUp);
    }

    final class CommandListener implements ConnectionListener {
        private final Instance ri;
        private final InstanceLink link;

        CommandListener(Instance ri, InstanceLink link) {
            this.ri = ri;
            this.link = link;
        }

        @Override
        public void onConnected(Connection c) {
            assert owner.isCurrent() : owner.describeViolation();
            if (link.cc != c) {
                c.close();
                return;
            }
            sendAuth(ri, c);
            monitor.send(c, ri, null, ri.command("CLIENT"), "SETNAME", clientName("cmd"));
            updateDisconnected(ri, link);
            monitor.sendPing(ri);
            monitor.sendPeriodicCommands(ri);
        }

        @Override
        public void onDisconnected(Connection c, Throwable cause) {
            assert owner.isCurrent() : owner.describeViolation();
            if (link.cc == c) {
                link.cc = null;
                link.pendingCommands = 0;
                link.disconnected = true;
                // Unreachable from this moment: time down-after from here rather than from the first
                // reconnect attempt on a later tick (up to a tick later, which is what Redis does).
                if (link.actPingTime == 0) {
                    link.actPingTime = clock.now();
                }
                if (refused(cause)) {
                    link.lastRefusedTime = clock.now();
                }
                events.instance(EventLevel.DEBUG, ri,
                        (info, ref) -> new SentinelEvent.LinkReconnection(info, ref, "cmd", reason(cause)));
            }
        }
    }

    final class PubSubListener implements ConnectionListener {
        private final Instance ri;
        private final InstanceLink link;

        PubSubListener(Instance ri, InstanceLink link) {
            this.ri = ri;
            this.link = link;
        }

        @Override
        public void onConnected(Connection c) {
            assert owner.isCurrent() : owner.describeViolation();
            if (link.pc != c) {
                c.close();
                return;
            }
            sendAuth(ri, c);
            c.send(Monitor.argv(ri.command("CLIENT"), "SETNAME", clientName("pubsub")), r -> { });
            c.send(Monitor.argv(ri.command("SUBSCRIBE"), Hello.CHANNEL), r -> {
                if (RespValues.isError(r)) {
                    // hiredis drops a subscribed connection on an error reply (e.g. -NOAUTH after an ACL
                    // change): the link shows as disconnected and is retried on the reconnect period.
                    if (link.pc == c) {
                        monitor.closePubSubConnection(link);
                    }
                } else if (r != null) {
                    link.pcLastActivity = clock.now();
                }
            });
            updateDisconnected(ri, link);
            // Redis queues the first INFO on the reconnecting tick itself: a replica discovered a moment ago
            // is a candidate as soon as it answers, not a tick later (upstream suite, 05-manual)
            monitor.sendPeriodicCommands(ri);
        }

        @Override
        public void onMessage(Connection c, String channel, byte[] message) {
            assert owner.isCurrent() : owner.describeViolation();
            if (link.pc != c) {
                return;
            }
            link.pcLastActivity = clock.now();
            String payload = new String(message, StandardCharsets.UTF_8);
            // Our own hellos come back through the channel; the run id filter applies only on this path.
            if (payload.contains(state.myId)) {
                return;
            }
            reports.onHello(payload);
        }

        @Override
        public void onDisconnected(Connection c, Throwable cause) {
            assert owner.isCurrent() : owner.describeViolation();
            if (link.pc == c) {
                link.pc = null;
                link.disconnected = true;
                events.instance(EventLevel.DEBUG, ri,
                        (info, ref) -> new SentinelEvent.LinkReconnection(info, ref, "pubsub", reason(cause)));
            }
        }
    }

    /**
     * A refused connection means a host still answers at the address (only the process is down), as opposed to a
     * timeout or no route: an address whose pod is gone. The forgetting rule keeps entries whose host is still there.
     */
    static boolean refused(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("connection refused")) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable cause) {
        return cause == null ? "closed" : String.valueOf(cause.getMessage());
    }

    private String clientName(String kind) {
        return "sentinel-" + state.myId.substring(0, 8) + "-" + kind;
    }

    private void sendAuth(Instance ri, Connection c) {
        String user;
        String pass;
        if (ri.isSentinel()) {
            user = state.sentinelPass != null ? state.sentinelUser : null;
            pass = state.sentinelPass != null ? state.sentinelPass : state.requirePass;
        } else {
            Instance m = ri.owner();
            user = m.authUser;
            pass = m.authPass;
        }
        if (pass == null) {
            return;
        }
        List<byte[]> args = user == null ? Monitor.argv(ri.command("AUTH"), pass) : Monitor.argv(ri.command("AUTH"), user, pass);
        c.send(args, r -> { });
    }
}
