package io.jsentinel.core;

import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Hello;
import io.jsentinel.link.RespValues;
import io.jsentinel.state.Instance;
import io.jsentinel.state.InstanceLink;
import io.jsentinel.state.SentinelState;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a new link to an instance sends first and how its ups and downs reach the state (protocol doc §2.2):
 * AUTH, CLIENT SETNAME, the first PING and periodic commands on the command link, SUBSCRIBE to the hello
 * channel on the pub/sub link, and the {@code disconnected} flag. {@link Monitor} opens the links.
 */
final class LinkHandshake {
    private final SentinelCore core;
    private final SentinelState state;

    LinkHandshake(SentinelCore core) {
        this.core = core;
        this.state = core.state;
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
            assert core.onOwnerThread() : core.offLoop();
            if (link.cc != c) {
                c.close();
                return;
            }
            sendAuth(ri, c);
            core.monitor.send(c, ri, null, core.cmd(ri, "CLIENT"), "SETNAME", clientName("cmd"));
            updateDisconnected(ri, link);
            core.monitor.sendPing(ri);
            core.monitor.sendPeriodicCommands(ri);
        }

        @Override
        public void onDisconnected(Connection c, Throwable cause) {
            assert core.onOwnerThread() : core.offLoop();
            if (link.cc == c) {
                link.cc = null;
                link.pendingCommands = 0;
                link.disconnected = true;
                // Unreachable from this moment: time down-after from here rather than from the first
                // reconnect attempt on a later tick (up to a tick later, which is what Redis does).
                if (link.actPingTime == 0) {
                    link.actPingTime = core.now();
                }
                core.events.instance(EventLevel.DEBUG, ri,
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
            assert core.onOwnerThread() : core.offLoop();
            if (link.pc != c) {
                c.close();
                return;
            }
            sendAuth(ri, c);
            c.send(Monitor.argv(core.cmd(ri, "CLIENT"), "SETNAME", clientName("pubsub")), r -> { });
            c.send(Monitor.argv(core.cmd(ri, "SUBSCRIBE"), Hello.CHANNEL), r -> {
                if (RespValues.isError(r)) {
                    // hiredis drops a subscribed connection on an error reply (e.g. -NOAUTH after an ACL
                    // change): the link shows as disconnected and is retried on the reconnect period.
                    if (link.pc == c) {
                        core.monitor.closePubSubConnection(link);
                    }
                } else if (r != null) {
                    link.pcLastActivity = core.now();
                }
            });
            updateDisconnected(ri, link);
            // Redis queues the first INFO on the reconnecting tick itself: a replica discovered a moment ago
            // is a candidate as soon as it answers, not a tick later (upstream suite, 05-manual)
            core.monitor.sendPeriodicCommands(ri);
        }

        @Override
        public void onMessage(Connection c, String channel, byte[] message) {
            assert core.onOwnerThread() : core.offLoop();
            if (link.pc != c) {
                return;
            }
            link.pcLastActivity = core.now();
            String payload = new String(message, StandardCharsets.UTF_8);
            // Our own hellos come back through the channel; the run id filter applies only on this path.
            if (payload.contains(state.myId)) {
                return;
            }
            core.hello.process(payload);
        }

        @Override
        public void onDisconnected(Connection c, Throwable cause) {
            assert core.onOwnerThread() : core.offLoop();
            if (link.pc == c) {
                link.pc = null;
                link.disconnected = true;
                core.events.instance(EventLevel.DEBUG, ri,
                        (info, ref) -> new SentinelEvent.LinkReconnection(info, ref, "pubsub", reason(cause)));
            }
        }
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
        List<byte[]> args = user == null ? Monitor.argv(core.cmd(ri, "AUTH"), pass) : Monitor.argv(core.cmd(ri, "AUTH"), user, pass);
        c.send(args, r -> { });
    }
}
