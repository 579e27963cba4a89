package io.jsentinel.discovery;

import io.jsentinel.events.Address;
import io.jsentinel.config.ConfigFlusher;
import io.jsentinel.config.ConfigValidation;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.failover.MasterSwitch;
import io.jsentinel.link.Hello;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.state.Instance;
import io.jsentinel.state.PublishedAddresses;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.util.ArrayList;
import java.util.List;

/** Processes hello messages from peers (protocol doc §4.3). */
public final class HelloProcessor {
    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    private final Monitor monitor;
    private final ConfigFlusher flusher;
    private final PublishedAddresses published;
    private final MasterSwitch masterSwitch;
    private final Alarms alarms;

    public HelloProcessor(SentinelState state, LoopClock clock, Events events, Monitor monitor, ConfigFlusher flusher,
                          PublishedAddresses published, MasterSwitch masterSwitch, Alarms alarms) {
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.monitor = monitor;
        this.flusher = flusher;
        this.published = published;
        this.masterSwitch = masterSwitch;
        this.alarms = alarms;
    }

    /**
     * Redis drops a hello whose addresses it cannot resolve. Checking them (and the run id) here also keeps a
     * hostile peer from writing spaces or control characters into sentinel.conf through known-sentinel lines.
     */
    private boolean acceptable(Hello h) {
        return ConfigValidation.isAcceptableHost(h.sentinelIp(), state.resolveHostnames)
                && ConfigValidation.isAcceptableHost(h.masterIp(), state.resolveHostnames)
                && isRunId(h.runId());
    }

    /** Redis run ids are 40 characters (hex in practice; myid is checked only for length). */
    static boolean isRunId(String id) {
        if (id.length() != 40) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    public void process(String payload) {
        Hello h = Hello.parse(payload);
        if (h == null || h.runId().equalsIgnoreCase(state.myId) || !acceptable(h)) {
            return;
        }
        Instance master = state.masters.get(h.masterName());
        if (master == null) {
            return;
        }
        Endpoint addr = new Endpoint(h.sentinelIp(), h.sentinelPort());
        Instance si = master.sentinels.get(h.runId());
        if (si != null && !si.addr.equals(addr)) {
            si = null;
        }
        if (si == null) {
            boolean removed = removeMatchingSentinel(master, h.runId()) > 0;
            if (removed) {
                events.instance(EventLevel.NOTICE, master, (info, ref) -> new SentinelEvent.SentinelAddressSwitch(
                        info, ref, new Address(h.sentinelIp(), h.sentinelPort()), h.runId()));
            } else {
                Instance other = null;
                for (Instance p : master.sentinels.values()) {
                    if (p.addr.equals(addr)) {
                        other = p;
                        break;
                    }
                }
                if (other != null) {
                    events.instance(EventLevel.NOTICE, other, SentinelEvent.SentinelInvalidAddress::new);
                    String stale = other.runId;
                    for (Instance m : state.masters.values()) {
                        removeMatchingSentinel(m, stale);
                    }
                }
            }
            si = monitor.addPeer(master, h.runId(), addr);
            if (!removed) {
                events.instance(EventLevel.NOTICE, si, SentinelEvent.SentinelAdded::new);
            } else {
                updateSentinelAddressInAllMasters(si);
            }
            flusher.flushConfig();
        }

        if (h.currentEpoch() > state.currentEpoch) {
            state.currentEpoch = h.currentEpoch();
            flusher.flushConfig();
            events.global(EventLevel.WARNING, master.name,
                    info -> new SentinelEvent.NewEpoch(info, state.currentEpoch));
        }

        if (master.configEpoch < h.masterConfigEpoch()) {
            master.configEpoch = h.masterConfigEpoch();
            // Compared with the address we currently announce, not the configured one: a leader that
            // has promoted a replica (reconf_slaves) and hears of a newer failover back to the old
            // address must switch too, or both sides would end with one epoch and two masters
            // (simulation seed 1726). Redis 7.0 compares with master->addr here.
            Endpoint current = master.addressForClients();
            if (h.masterPort() != current.port() || !current.host().equalsIgnoreCase(h.masterIp())) {
                Endpoint oldAddr = master.addr;
                Endpoint newAddr = new Endpoint(h.masterIp(), h.masterPort());
                // clients are answered from the published address off the loop: publish before the event leaves
                published.publishAhead(master.name, newAddr);
                events.instance(EventLevel.WARNING, si, SentinelEvent.ConfigUpdateFrom::new);
                events.global(EventLevel.WARNING, master.name, info -> new SentinelEvent.SwitchMaster(info,
                        master.name, events.announced(oldAddr), events.announced(newAddr)));
                masterSwitch.resetMasterAndChangeAddress(master, newAddr);
                masterSwitch.clientReconfigScript(master, "observer", oldAddr, master.addr);
            }
        }
        si.lastHelloTime = clock.now();
        alarms.onHello(si, master, h);
    }

    /** Removes the peers with this run id from a master; returns how many. */
    private int removeMatchingSentinel(Instance master, String runId) {
        int removed = 0;
        for (Instance p : List.copyOf(master.sentinels.values())) {
            if (runId != null && runId.equals(p.runId)) {
                monitor.releaseLink(p);
                master.sentinels.remove(p.name);
                removed++;
            }
        }
        return removed;
    }

    /** After an address switch, moves the same peer under the other masters to the new address. */
    private void updateSentinelAddressInAllMasters(Instance si) {
        List<Instance> touched = new ArrayList<>();
        for (Instance m : state.masters.values()) {
            Instance match = m.sentinels.get(si.runId);
            if (match == null || match == si || match.addr.equals(si.addr)) {
                continue;
            }
            monitor.releaseLink(match);
            match.addr = si.addr;
            match.link = si.link;
            si.link.refcount++;
            touched.add(match);
        }
        if (!touched.isEmpty()) {
            events.instance(EventLevel.NOTICE, si,
                    (info, ref) -> new SentinelEvent.SentinelAddressUpdate(info, ref, touched.size()));
        }
    }
}
