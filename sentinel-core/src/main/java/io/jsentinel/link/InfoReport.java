package io.jsentinel.link;

import java.util.List;

/**
 * What the sentinel reads from one {@code INFO} reply (protocol doc §3.1). Fields absent from the
 * text hold the defaults named below; the replication fields are only filled once a
 * {@code role:slave} line has been seen.
 *
 * @param runId the 40-character {@code run_id}, or null when absent or too short
 * @param role the reported role
 * @param replicas the {@code slave<N>} lines in order; only meaningful when the instance is
 *        configured as a master (callers must ignore them otherwise)
 * @param masterHost {@code master_host}, or null
 * @param masterPort {@code master_port}, or 0
 * @param masterLinkUp {@code master_link_status:up} (case-insensitive)
 * @param masterLinkDownMillis {@code master_link_down_since_seconds} × 1000; 0 when absent (any role)
 * @param slavePriority {@code slave_priority}, 100 when absent
 * @param slaveReplOffset {@code slave_repl_offset}, 0 when absent
 * @param replicaAnnounced {@code replica_announced}, true when absent
 * @param failover {@code master_failover_state} (Redis 6.2+, any role): whether the node runs a FAILOVER
 * @param uptimeSeconds {@code uptime_in_seconds}, or -1 when absent
 * @param serverTimeMicros {@code server_time_usec} (Redis 7.0+), or -1 when absent
 */
public record InfoReport(
        String runId,
        Role role,
        List<Endpoint> replicas,
        String masterHost,
        int masterPort,
        boolean masterLinkUp,
        long masterLinkDownMillis,
        int slavePriority,
        long slaveReplOffset,
        boolean replicaAnnounced,
        NodeFailover failover,
        long uptimeSeconds,
        long serverTimeMicros) {

    /** The replica priority Redis assumes when INFO does not say. */
    public static final int DEFAULT_SLAVE_PRIORITY = 100;

    /** The role line of an INFO reply. */
    public enum Role {
        MASTER,
        SLAVE,
        /** No {@code role:master} or {@code role:slave} line. */
        UNKNOWN
    }

    /** What {@code master_failover_state} says. */
    public enum NodeFailover {
        /** No such line: a node older than 6.2, which has no FAILOVER command. */
        NOT_REPORTED,
        /** {@code no-failover}. */
        NONE,
        /** {@code waiting-for-sync}, {@code failover-in-progress} or any other value. */
        IN_PROGRESS
    }

    public InfoReport {
        replicas = List.copyOf(replicas);
    }
}
