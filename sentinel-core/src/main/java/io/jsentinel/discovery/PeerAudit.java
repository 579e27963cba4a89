package io.jsentinel.discovery;

import io.jsentinel.events.AlarmKind;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Connection;
import io.jsentinel.link.InfoParser;
import io.jsentinel.link.RespValues;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Instance;
import io.jsentinel.state.InstanceLink;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.util.Map;

/**
 * Asks each peer, once per peer-audit-period, what hellos do not carry: its quorum for the master
 * ({@code SENTINEL MASTER <name>}) and its clock ({@code INFO server}'s {@code server_time_usec}), for the quorum and
 * clock alarms ({@link Alarms}). Both redis-sentinel and jsentinel answer both; an error reply (an ACL, a renamed
 * command) is no data, never an alarm. At most one audit per peer is in flight, its commands counted as pending like
 * any other; the peers' audits are spread over the period by their run id and master, not drawn at random.
 */
public final class PeerAudit {
    private final SentinelState state;
    private final LoopClock clock;
    private final Monitor monitor;
    private final Alarms alarms;

    public PeerAudit(SentinelState state, LoopClock clock, Monitor monitor, Alarms alarms) {
        this.state = state;
        this.clock = clock;
        this.monitor = monitor;
        this.alarms = alarms;
    }

    /** Once per tick and peer: sends the audit when it is due. */
    public void tick(Instance peer) {
        InstanceLink link = peer.link;
        Connection c = link.cc;
        if (link.disconnected || c == null || !c.isOpen() || link.pendingCommands >= 100 * link.refcount) {
            return;
        }
        if (peer.auditConnection == c && peer.auditRepliesAwaited > 0) {
            return;
        }
        long now = clock.now();
        long period = Math.max(1, state.timers.peerAuditPeriod);
        if (peer.lastAuditTime == 0) {
            // the first one a fixed share of the period from now, so that peers and masters do not go together
            peer.lastAuditTime = now - Math.floorMod((peer.name + '/' + peer.master.name).hashCode(), period);
        }
        if (now - peer.lastAuditTime < period) {
            return;
        }
        peer.lastAuditTime = now;
        peer.auditConnection = c;
        peer.auditRepliesAwaited = 0;
        long sentWall = clock.wallMillis();
        // INFO first: its round trip is the clock measurement's uncertainty, SENTINEL MASTER's work not in it
        if (monitor.send(c, peer, reply -> {
            replied(peer, c);
            onInfo(peer, reply, sentWall, now);
        }, peer.command("INFO"), "server")) {
            peer.auditRepliesAwaited++;
        }
        if (monitor.send(c, peer, reply -> {
            replied(peer, c);
            onMaster(peer, reply);
        }, peer.command("SENTINEL"), "master", peer.master.name)) {
            peer.auditRepliesAwaited++;
        }
    }

    private static void replied(Instance peer, Connection c) {
        if (peer.auditConnection == c && peer.auditRepliesAwaited > 0) {
            peer.auditRepliesAwaited--;
        }
    }

    /**
     * The offset is the peer's time minus ours at the middle of the round trip, good to half the round trip: an
     * alarm only when it is beyond clock-alarm-offset even so, ended only when within it even so. Not in TILT,
     * when our own clock is the one in doubt.
     */
    void onInfo(Instance peer, RespValue reply, long sentWall, long sentAt) {
        String text = RespValues.bulkText(reply);
        if (text == null || state.tilt) {
            return;
        }
        long micros = InfoParser.parse(text).serverTimeMicros();
        if (micros < 0) {
            return;
        }
        long rtt = Math.max(0, clock.now() - sentAt);
        long offset = micros / 1000 - (sentWall + rtt / 2);
        long limit = state.timers.clockAlarmOffset;
        long uncertainty = (rtt + 1) / 2;
        if (Math.abs(offset) - uncertainty > limit) {
            alarms.raise(peer, AlarmKind.CLOCK, (info, ref) -> new SentinelEvent.MisconfigClock(info, ref, offset, rtt));
        } else if (Math.abs(offset) + uncertainty <= limit) {
            alarms.end(peer, AlarmKind.CLOCK);
        }
    }

    /** {@code SENTINEL MASTER}'s field/value list (a map in RESP3): the quorum, compared with ours. */
    void onMaster(Instance peer, RespValue reply) {
        Map<String, String> fields = RespValues.fieldValues(reply);
        Long quorum = fields == null ? null : number(fields.get("quorum"));
        if (quorum == null) {
            return;
        }
        int ours = peer.master.quorum;
        if (quorum != ours) {
            int theirs = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, quorum));
            alarms.raise(peer, AlarmKind.QUORUM, (info, ref) -> new SentinelEvent.MisconfigQuorum(info, ref, theirs,
                    ours));
        } else {
            alarms.end(peer, AlarmKind.QUORUM);
        }
    }

    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
