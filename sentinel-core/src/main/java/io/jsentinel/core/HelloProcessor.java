package io.jsentinel.core;

import io.jsentinel.event.EventLevel;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import java.util.ArrayList;
import java.util.List;

/** Processes hello messages from peers (protocol doc §4.3). */
final class HelloProcessor {
    private final SentinelCore core;
    private final SentinelState state;

    HelloProcessor(SentinelCore core) {
        this.core = core;
        this.state = core.state;
    }

    /** A parsed hello; null fields never escape {@link #parse}. */
    record Hello(String ip, int port, String runId, long currentEpoch, String masterName, String masterIp,
                 int masterPort, long masterConfigEpoch) {
    }

    static Hello parse(String payload) {
        String[] t = payload.split(",", -1);
        if (t.length != 8) {
            return null;
        }
        try {
            int port = Integer.parseInt(t[1]);
            int masterPort = Integer.parseInt(t[6]);
            if (port < 0 || port > 65535 || masterPort < 0 || masterPort > 65535) {
                return null;
            }
            long epoch = Long.parseUnsignedLong(t[3]);
            long cfgEpoch = Long.parseUnsignedLong(t[7]);
            if (epoch < 0 || cfgEpoch < 0 || t[0].isEmpty() || t[2].isEmpty() || t[4].isEmpty() || t[5].isEmpty()) {
                return null;
            }
            return new Hello(t[0], port, t[2], epoch, t[4], t[5], masterPort, cfgEpoch);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void process(String payload) {
        Hello h = parse(payload);
        if (h == null || h.runId().equalsIgnoreCase(state.myId)) {
            return;
        }
        Instance master = state.masters.get(h.masterName());
        if (master == null) {
            return;
        }
        Endpoint addr = new Endpoint(h.ip(), h.port());
        Instance si = master.sentinels.get(h.runId());
        if (si != null && !si.addr.equals(addr)) {
            si = null;
        }
        if (si == null) {
            boolean removed = removeMatchingSentinel(master, h.runId()) > 0;
            if (removed) {
                core.events.emit(EventLevel.NOTICE, "+sentinel-address-switch", master,
                        "ip " + h.ip() + " port " + h.port() + " for " + h.runId());
            } else {
                Instance other = null;
                for (Instance p : master.sentinels.values()) {
                    if (p.addr.equals(addr)) {
                        other = p;
                        break;
                    }
                }
                if (other != null) {
                    core.events.emit(EventLevel.NOTICE, "+sentinel-invalid-addr", other, null);
                    String stale = other.runId;
                    for (Instance m : state.masters.values()) {
                        removeMatchingSentinel(m, stale);
                    }
                }
            }
            si = core.createSentinel(master, h.runId(), addr);
            if (!removed) {
                core.events.emit(EventLevel.NOTICE, "+sentinel", si, null);
            } else {
                updateSentinelAddressInAllMasters(si);
            }
            core.flushConfig();
        }

        if (h.currentEpoch() > state.currentEpoch) {
            state.currentEpoch = h.currentEpoch();
            core.flushConfig();
            core.events.emitRaw(EventLevel.WARNING, "+new-epoch", Long.toString(state.currentEpoch), master.name);
        }

        if (master.configEpoch < h.masterConfigEpoch()) {
            master.configEpoch = h.masterConfigEpoch();
            if (h.masterPort() != master.addr.port() || !master.addr.host().equalsIgnoreCase(h.masterIp())) {
                Endpoint oldAddr = master.addr;
                core.events.emit(EventLevel.WARNING, "+config-update-from", si, null);
                core.events.emitRaw(EventLevel.WARNING, "+switch-master",
                        master.name + " " + oldAddr.host() + " " + oldAddr.port() + " " + h.masterIp() + " "
                                + h.masterPort(), master.name);
                core.failover.resetMasterAndChangeAddress(master, new Endpoint(h.masterIp(), h.masterPort()));
                core.failover.clientReconfigScript(master, "observer", oldAddr, master.addr);
            }
        }
        si.lastHelloTime = core.now();
    }

    /** Removes the peers with this run id from a master; returns how many. */
    private int removeMatchingSentinel(Instance master, String runId) {
        int removed = 0;
        for (Instance p : List.copyOf(master.sentinels.values())) {
            if (runId != null && runId.equals(p.runId)) {
                core.monitor.releaseLink(p);
                master.sentinels.remove(p.name);
                removed++;
            }
        }
        return removed;
    }

    /** After an address switch, moves the same peer under the other masters to the new address. */
    private void updateSentinelAddressInAllMasters(Instance si) {
        int reconfigured = 0;
        List<Instance> touched = new ArrayList<>();
        for (Instance m : state.masters.values()) {
            Instance match = m.sentinels.get(si.runId);
            if (match == null || match == si || match.addr.equals(si.addr)) {
                continue;
            }
            core.monitor.releaseLink(match);
            match.addr = si.addr;
            match.link = si.link;
            si.link.refcount++;
            touched.add(match);
            reconfigured++;
        }
        if (reconfigured > 0) {
            core.events.emit(EventLevel.NOTICE, "+sentinel-address-update", si,
                    reconfigured + " additional matching instances");
        }
    }
}
