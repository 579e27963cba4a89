package io.jsentinel.command.sentinel;

import io.jsentinel.resp.RespValue;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import java.util.LinkedHashMap;
import java.util.Map;

/** Instance descriptions of SENTINEL MASTER(S)/REPLICAS/SENTINELS, field order fixed (protocol doc §8.3). */
final class Describe {
    private Describe() {
    }

    /** @param host the instance's announced host (its IP unless announce-hostnames) */
    static RespValue instance(Instance ri, String host, long now) {
        Map<RespValue, RespValue> m = new LinkedHashMap<>();
        put(m, "name", ri.name);
        put(m, "ip", host);
        put(m, "port", ri.addr.port());
        put(m, "runid", ri.runId == null ? "" : ri.runId);
        put(m, "flags", Flags.describe(ri.flags, ri.link.disconnected));
        put(m, "link-pending-commands", ri.link.pendingCommands);
        put(m, "link-refcount", ri.link.refcount);
        if (ri.failoverState != FailoverState.NONE) {
            put(m, "failover-state", ri.failoverState.wireName());
        }
        put(m, "last-ping-sent", ri.link.actPingTime != 0 ? now - ri.link.actPingTime : 0);
        put(m, "last-ok-ping-reply", now - ri.link.lastAvailTime);
        put(m, "last-ping-reply", now - ri.link.lastPongTime);
        if (ri.is(Flags.S_DOWN)) {
            put(m, "s-down-time", now - ri.sDownSinceTime);
        }
        if (ri.is(Flags.O_DOWN)) {
            put(m, "o-down-time", now - ri.oDownSinceTime);
        }
        put(m, "down-after-milliseconds", ri.downAfterPeriod);
        if (ri.isMaster()) {
            put(m, "info-refresh", ri.infoRefresh != 0 ? now - ri.infoRefresh : 0);
            put(m, "role-reported", ri.roleReported == Instance.MASTER_ROLE ? "master" : "slave");
            put(m, "role-reported-time", now - ri.roleReportedTime);
            put(m, "config-epoch", ri.configEpoch);
            put(m, "num-slaves", ri.slaves.size());
            put(m, "num-other-sentinels", ri.sentinels.size());
            put(m, "quorum", ri.quorum);
            put(m, "failover-timeout", ri.failoverTimeout);
            put(m, "parallel-syncs", ri.parallelSyncs);
            if (ri.notificationScript != null) {
                put(m, "notification-script", ri.notificationScript);
            }
            if (ri.clientReconfigScript != null) {
                put(m, "client-reconfig-script", ri.clientReconfigScript);
            }
        } else if (ri.isSlave()) {
            put(m, "info-refresh", ri.infoRefresh != 0 ? now - ri.infoRefresh : 0);
            put(m, "role-reported", ri.roleReported == Instance.MASTER_ROLE ? "master" : "slave");
            put(m, "role-reported-time", now - ri.roleReportedTime);
            put(m, "master-link-down-time", ri.masterLinkDownTime);
            put(m, "master-link-status", ri.slaveMasterLinkStatusOk ? "ok" : "err");
            put(m, "master-host", ri.slaveMasterHost == null ? "?" : ri.slaveMasterHost);
            put(m, "master-port", ri.slaveMasterPort);
            put(m, "slave-priority", ri.slavePriority);
            put(m, "slave-repl-offset", Long.toUnsignedString(ri.slaveReplOffset));
            put(m, "replica-announced", ri.replicaAnnounced ? 1 : 0);
        } else {
            put(m, "last-hello-message", now - ri.lastHelloTime);
            put(m, "voted-leader", ri.leader == null ? "?" : ri.leader);
            put(m, "voted-leader-epoch", ri.leaderEpoch);
        }
        return new RespValue.MapValue(m);
    }

    private static void put(Map<RespValue, RespValue> m, String k, String v) {
        m.put(RespValue.bulk(k), RespValue.bulk(v));
    }

    private static void put(Map<RespValue, RespValue> m, String k, long v) {
        m.put(RespValue.bulk(k), RespValue.bulk(Long.toString(v)));
    }
}
