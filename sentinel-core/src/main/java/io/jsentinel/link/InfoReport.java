package io.jsentinel.link;

import java.util.List;

/**
 * What the sentinel reads from an INFO reply (protocol doc §3.1). Replica fields are null when the
 * line was absent, so that the previous value is kept, as Redis does.
 *
 * @param runId    the run id, or null (absent, or a line shorter than 47 characters)
 * @param role     {@code master}, {@code slave}, or null
 * @param slaves   replicas listed by a master ({@code slaveN:} lines)
 * @param masterLinkDownSinceMillis {@code master_link_down_since_seconds} × 1000, 0 when absent
 */
public record InfoReport(
        String runId,
        String role,
        List<Endpoint> slaves,
        long masterLinkDownSinceMillis,
        String masterHost,
        Integer masterPort,
        Boolean masterLinkUp,
        Integer slavePriority,
        Long slaveReplOffset,
        Boolean replicaAnnounced) {
}
