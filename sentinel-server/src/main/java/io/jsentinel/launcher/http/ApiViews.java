package io.jsentinel.launcher.http;

import io.jsentinel.InstanceStatus;
import io.jsentinel.LinkInfo;
import io.jsentinel.MasterInfo;
import io.jsentinel.PeerInfo;
import io.jsentinel.ReplicaInfo;
import io.jsentinel.SentinelSnapshot;
import io.jsentinel.SwitchoverResult;
import io.jsentinel.events.Address;
import io.jsentinel.events.SentinelEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON documents of the {@code /v1} API, as records Jackson writes field by field. Their shapes are the
 * schemas of docs/http-api.md; a test validates every answer against that file.
 */
final class ApiViews {
    private ApiViews() {
    }

    record AddressView(String host, int port) {
        static AddressView of(Address a) {
            return a == null ? null : new AddressView(a.host(), a.port());
        }
    }

    /** {@code pingRttMillis} is null while a PING is unanswered. */
    record LinkView(boolean connected, int pendingCommands, Long pingRttMillis, long lastOkPingMillisAgo) {
        static LinkView of(LinkInfo l) {
            return new LinkView(l.connected(), l.pendingCommands(), l.pingRttMillis() < 0 ? null : l.pingRttMillis(),
                    l.lastOkPingMillisAgo());
        }
    }

    record ReplicaView(AddressView address, List<String> flags, String status, boolean masterLinkUp, int priority,
                       long offset, long lagBytes, LinkView link) {
    }

    record PeerView(String runId, AddressView address, List<String> flags, String status, boolean votesMasterDown,
                    LinkView link) {
    }

    /** What this process saw of the master's latest failover; see {@link FailoverHistory}. */
    record LastFailoverView(String role, String outcome, String startedAt, String endedAt, AddressView from,
                            AddressView to, String reason) {
    }

    record MasterView(String name, AddressView address, List<String> flags, String status, int quorum,
                      long configEpoch, String failoverState, int usableSentinels, boolean quorumReachable,
                      LinkView link, List<ReplicaView> replicas, List<PeerView> peers, LastFailoverView lastFailover) {
    }

    record MastersView(String takenAt, long currentEpoch, boolean tilt, List<MasterView> masters) {
    }

    record MasterDetailView(String takenAt, long currentEpoch, boolean tilt, MasterView master) {
    }

    record EventView(String type, String message, String time, String level) {
        static EventView of(SentinelEvent e) {
            return new EventView(e.type(), e.message(), e.time().toString(), e.level().name().toLowerCase(Locale.ROOT));
        }
    }

    record SwitchoverView(String master, String outcome, AddressView from, AddressView to, long epoch, String error,
                          List<EventView> timeline) {
        static SwitchoverView of(SwitchoverResult r) {
            return new SwitchoverView(r.master(), r.outcome().name().toLowerCase(Locale.ROOT), AddressView.of(r.from()),
                    r.to().map(AddressView::of).orElse(null), r.epoch(), r.error(),
                    r.timeline().stream().map(EventView::of).toList());
        }
    }

    /** Every answer that is not one of the documents above: {@code error} is a stable code, {@code message} prose. */
    record ErrorView(String error, String message) {
    }

    static MastersView masters(SentinelSnapshot s, FailoverHistory history) {
        return new MastersView(time(s), s.currentEpoch(), s.tilt(),
                s.masters().stream().map(m -> master(m, history)).toList());
    }

    static MasterDetailView detail(SentinelSnapshot s, MasterInfo m, FailoverHistory history) {
        return new MasterDetailView(time(s), s.currentEpoch(), s.tilt(), master(m, history));
    }

    static MasterView master(MasterInfo m, FailoverHistory history) {
        List<String> flags = flags("master", m.status(), m.link().connected());
        if (m.failoverInProgress()) {
            flags.add("failover_in_progress");
        }
        // The sentinel reads no offset of the primary itself; the most advanced replica is the reference.
        long best = m.replicas().stream().mapToLong(ReplicaInfo::replOffset).max().orElse(0);
        List<ReplicaView> replicas = m.replicas().stream().map(r -> new ReplicaView(AddressView.of(r.address()),
                flags("slave", r.status(), r.link().connected()), status(r.status()), r.masterLinkUp(), r.priority(),
                r.replOffset(), best - r.replOffset(), LinkView.of(r.link()))).toList();
        List<PeerView> peers = m.peers().stream().map(ApiViews::peer).toList();
        return new MasterView(m.name(), AddressView.of(m.address()), flags, status(m.status()), m.quorum(),
                m.configEpoch(), m.failoverState(), m.usableSentinels(), m.quorumReachable(), LinkView.of(m.link()),
                replicas, peers, history.last(m.name()));
    }

    private static PeerView peer(PeerInfo p) {
        List<String> flags = flags("sentinel", p.status(), p.link().connected());
        if (p.votesMasterDown()) {
            flags.add("master_down");
        }
        return new PeerView(p.runId(), AddressView.of(p.address()), flags, status(p.status()), p.votesMasterDown(),
                LinkView.of(p.link()));
    }

    /** Redis' flag words ({@code SENTINEL MASTERS}' {@code flags} field) for what a snapshot knows. */
    private static List<String> flags(String role, InstanceStatus status, boolean connected) {
        List<String> out = new ArrayList<>();
        out.add(role);
        if (status != InstanceStatus.OK) {
            out.add("s_down");
        }
        if (status == InstanceStatus.ODOWN) {
            out.add("o_down");
        }
        if (!connected) {
            out.add("disconnected");
        }
        return out;
    }

    private static String status(InstanceStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String time(SentinelSnapshot s) {
        return Instant.ofEpochMilli(s.takenAtMillis()).toString();
    }
}
