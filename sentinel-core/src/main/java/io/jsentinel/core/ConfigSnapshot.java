package io.jsentinel.core;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the config rewrite persists of the state (protocol doc §9.4), with addresses as announced. */
final class ConfigSnapshot {
    private ConfigSnapshot() {
    }

    private static List<Endpoint> formerAddresses(Instance m, Announcer announcer) {
        List<Endpoint> out = new ArrayList<>();
        for (Endpoint f : m.formerAddresses) {
            out.add(announcer.endpoint(f));
        }
        return out;
    }

    static SentinelConfig of(SentinelState state, Announcer announcer, ServerSettings server) {
        List<MasterConfig> masters = new ArrayList<>();
        for (Instance m : state.masters.values()) {
            Endpoint addr = m.addressForClients();
            List<Endpoint> replicas = new ArrayList<>();
            for (Instance s : m.slaves.values()) {
                // A replica at the current master address is written as the old master address.
                replicas.add(announcer.endpoint(s.addr.equals(addr) ? m.addr : s.addr));
            }
            List<KnownSentinel> peers = new ArrayList<>();
            for (Instance p : m.sentinels.values()) {
                if (p.runId != null) {
                    peers.add(new KnownSentinel(announcer.host(p.addr), p.addr.port(), p.runId));
                }
            }
            Map<String, String> renames = new LinkedHashMap<>(m.renamedCommands);
            masters.add(new MasterConfig(m.name, announcer.host(addr), addr.port(), m.quorum, m.downAfterPeriod,
                    m.failoverTimeout, m.parallelSyncs, m.authUser, m.authPass, m.notificationScript,
                    m.clientReconfigScript, m.masterRebootDownAfterPeriod, renames, m.configEpoch, m.leaderEpoch,
                    replicas, peers, m.liveSentinelsSeen,
                    // only with the rule on: without it the file stays what redis-sentinel writes
                    state.forgetStaleAfter != 0 ? formerAddresses(m, announcer) : List.of()));
        }
        return new SentinelConfig(state.myId, state.currentEpoch, state.denyScriptsReconfig, state.resolveHostnames,
                state.announceHostnames, state.announceIp, state.announcePort, state.sentinelUser, state.sentinelPass,
                server, masters, state.forgetStaleAfter);
    }
}
