package io.jsentinel.state;

import io.jsentinel.events.AlarmKind;
import io.jsentinel.link.Connection;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.InfoReport.NodeFailover;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A monitored master, one of its replicas, or a peer sentinel known under it. As in Redis, one shape
 * holds all three kinds; fields that do not apply to a kind stay at their defaults. Loop-confined.
 */
public final class Instance {
    public int flags;
    /** Masters: the configured name; replicas: {@code ip:port}; peers: their run id. */
    public String name;
    public String runId;
    public long configEpoch;
    public Endpoint addr;
    public InstanceLink link;
    public long lastPubTime;
    public long lastHelloTime;
    public long lastMasterDownReplyTime;
    /** When we last sent this peer IS-MASTER-DOWN-BY-ADDR (ours, for asking back; not in Redis). */
    public long lastMasterDownAskTime;
    public long sDownSinceTime;
    public long oDownSinceTime;
    public long downAfterPeriod;
    public long masterRebootDownAfterPeriod;
    public long masterRebootSinceTime;
    public long infoRefresh;
    public Map<String, String> renamedCommands = new LinkedHashMap<>();

    /** Role the instance itself reports in INFO: {@link #MASTER_ROLE} or {@link #SLAVE_ROLE}. */
    public int roleReported;
    public long roleReportedTime;
    public long slaveConfChangeTime;

    // Masters only.
    public final Map<String, Instance> sentinels = new LinkedHashMap<>();
    public final Map<String, Instance> slaves = new LinkedHashMap<>();
    public int quorum;
    public int parallelSyncs = 1;
    public String authPass;
    public String authUser;
    /** The replica addresses the master's latest INFO listed. */
    public java.util.Set<Endpoint> listedReplicas = java.util.Set.of();
    /** Addresses this master had before a switch (old masters come back there); persisted with the forgetting rule. */
    public final java.util.Set<Endpoint> formerAddresses = new java.util.LinkedHashSet<>();
    /**
     * The most sentinels, this one included, seen alive together for this master (persisted; 0: never measured),
     * and the count that has stayed above it since {@link #liveAboveSince} (0: not above). docs/churn.md
     */
    public int liveSentinelsSeen;
    public int liveAboveMin;
    public long liveAboveSince;

    // Replicas only.
    public long masterLinkDownTime;
    public int slavePriority = 100;
    public boolean replicaAnnounced = true;
    public long slaveReconfSentTime;
    public Instance master;
    public String slaveMasterHost;
    public int slaveMasterPort;
    public boolean slaveMasterLinkStatusOk;
    public long slaveReplOffset;

    // Failover (masters); leader/leaderEpoch also used by peers to hold their vote.
    public String leader;
    public long leaderEpoch;
    public long failoverEpoch;
    public FailoverState failoverState = FailoverState.NONE;
    public long failoverStateChangeTime;
    public long failoverStartTime;
    public long failoverTimeout;
    public long failoverDelayLogged;
    public Instance promotedSlave;
    public String notificationScript;
    public String clientReconfigScript;
    public String info;

    /** What the node's {@code master_failover_state} last said, and since when (INFO time base). */
    public NodeFailover nodeFailover = NodeFailover.NOT_REPORTED;
    public long nodeFailoverSince;

    // Alarms (docs/churn.md, "Alarms"): what the instance's reports say about misconfiguration. Nothing that
    // decides reads these fields.
    /** The alarms on for this instance. */
    public final Map<AlarmKind, ActiveAlarm> alarms = new EnumMap<>(AlarmKind.class);
    /** Peers: since when their hellos announce another master address under an older config epoch (0: they agree). */
    public long addressMismatchSince;
    /** Masters and replicas: when the current run id was last reported (loop time; 0: never). */
    public long runIdHeardTime;
    /** Peers: when the last audit (SENTINEL MASTER, INFO server) was sent (0: none yet). */
    public long lastAuditTime;
    /** Peers: the command connection the audit in flight was sent on, or null; its replies still awaited. */
    public Connection auditConnection;
    public int auditRepliesAwaited;

    /** A coordinated switchover of this master: the replica asked for (null: the best one), and the longest
     *  the primary may hold writes for it (0: what is left of failover-timeout). */
    public Instance coordinatedTarget;
    public long coordinatedTimeout;
    /** When the FAILOVER transaction was accepted by the primary (0: not yet, or refused). */
    public long coordinatedAcceptedTime;

    /**
     * Masters: the view check (docs/architecture.md, "Returning old masters"): whether a majority of the sentinels
     * shares this sentinel's view of the master, asked after a node reported a role against that view. The check in
     * flight (its generation, start time, the view asked about, answers that agree, answers awaited)...
     */
    public int viewCheckGeneration;
    public long viewCheckStartedAt;
    public Endpoint viewCheckAddress;
    public long viewCheckEpoch;
    public int viewCheckAgreeing;
    public int viewCheckAwaited;
    /** ...the start time of the latest check that a majority confirmed, and the view it confirmed... */
    public long viewConfirmedAsOf;
    public Endpoint viewConfirmedAddress;
    public long viewConfirmedEpoch;
    /** ...and the latest observation waiting for a confirmation started after it (0: none), asked for when. */
    public long viewWantedFor;
    public long viewWantedAt;
    /**
     * The newest vote epoch a view check has seen a sentinel hold for the master, and since when: for peers what they
     * answered, for masters our own vote. A vote held that long belongs to an election that has ended
     * (docs/architecture.md, "Returning old masters").
     */
    public long viewVoteEpoch;
    public long viewVoteEpochSince;

    /** When this process started tracking the instance (loop time). */
    public long createdTime;

    public static final int MASTER_ROLE = 1;
    public static final int SLAVE_ROLE = 2;

    public Instance(int kindFlag, String name, Endpoint addr, Instance master, long now) {
        this.flags = kindFlag;
        this.name = name;
        this.addr = addr;
        this.master = master;
        this.link = new InstanceLink(now);
        this.roleReported = (kindFlag & Flags.SLAVE) != 0 ? SLAVE_ROLE : MASTER_ROLE;
        this.roleReportedTime = now;
        this.slaveConfChangeTime = now;
        this.createdTime = now;
    }

    public boolean is(int flag) {
        return (flags & flag) != 0;
    }

    public void set(int flag) {
        flags |= flag;
    }

    public void clear(int flag) {
        flags &= ~flag;
    }

    public boolean isMaster() {
        return is(Flags.MASTER);
    }

    public boolean isSlave() {
        return is(Flags.SLAVE);
    }

    public boolean isSentinel() {
        return is(Flags.SENTINEL);
    }

    /** The master an instance belongs to (itself for masters). */
    public Instance owner() {
        return isMaster() ? this : master;
    }

    /** The name to send {@code command} under, after the master's rename-command table. */
    public String command(String command) {
        String renamed = owner().renamedCommands.get(command.toUpperCase(java.util.Locale.ROOT));
        return renamed != null ? renamed : command;
    }

    /**
     * The address clients should use for this master: the promoted replica's once the failover reached
     * reconf_slaves (what GET-MASTER-ADDR-BY-NAME answers and hellos announce), else the configured one.
     */
    public Endpoint addressForClients() {
        if (is(Flags.FAILOVER_IN_PROGRESS) && promotedSlave != null
                && failoverState.ordinal() >= FailoverState.RECONF_SLAVES.ordinal()) {
            return promotedSlave.addr;
        }
        return addr;
    }

    @Override
    public String toString() {
        return (isMaster() ? "master " : isSlave() ? "slave " : "sentinel ") + name + " " + addr;
    }
}
