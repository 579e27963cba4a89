package io.jsentinel.config;

import io.jsentinel.link.Endpoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code sentinel.conf} holds about one monitored master (protocol doc §9.2), including the
 * persisted state lines (epochs, known replicas and sentinels).
 *
 * @param renamedCommands original command name (as written; Redis compares these case-insensitively) to
 *     new name, in insertion order
 * @param configEpoch unsigned 64-bit value (Redis parses it with strtoull); print with
 *     {@link Long#toUnsignedString(long)}
 * @param leaderEpoch unsigned 64-bit value, like configEpoch
 * @param liveSentinelsSeen jsentinel's {@code sentinel live-sentinels-seen}: the most sentinels (this one included)
 *     seen alive together for this master, which keeps the forgetting rule from acting where the quorum is not a
 *     majority of them (docs/churn.md); 0: not measured
 * @param formerAddresses jsentinel's {@code sentinel former-master-address}: addresses this master had before a
 *     switch, which the forgetting rule never forgets (an old master comes back there); written with the rule on only
 */
public record MasterConfig(
        String name,
        String host,
        int port,
        int quorum,
        long downAfterMillis,
        long failoverTimeoutMillis,
        int parallelSyncs,
        String authUser,
        String authPass,
        String notificationScript,
        String clientReconfigScript,
        long masterRebootDownAfterPeriodMillis,
        Map<String, String> renamedCommands,
        long configEpoch,
        long leaderEpoch,
        List<Endpoint> knownReplicas,
        List<KnownSentinel> knownSentinels,
        int liveSentinelsSeen,
        List<Endpoint> formerAddresses) {

    public MasterConfig {
        formerAddresses = List.copyOf(formerAddresses == null ? List.of() : formerAddresses);
        renamedCommands = Collections.unmodifiableMap(
                new LinkedHashMap<>(renamedCommands == null ? Map.of() : renamedCommands));
        knownReplicas = List.copyOf(knownReplicas == null ? List.of() : knownReplicas);
        knownSentinels = List.copyOf(knownSentinels == null ? List.of() : knownSentinels);
    }

    /** Everything Redis' own directives hold about a master, with nothing measured for jsentinel's extensions. */
    public MasterConfig(String name, String host, int port, int quorum, long downAfterMillis,
                        long failoverTimeoutMillis, int parallelSyncs, String authUser, String authPass,
                        String notificationScript, String clientReconfigScript,
                        long masterRebootDownAfterPeriodMillis, Map<String, String> renamedCommands, long configEpoch,
                        long leaderEpoch, List<Endpoint> knownReplicas, List<KnownSentinel> knownSentinels) {
        this(name, host, port, quorum, downAfterMillis, failoverTimeoutMillis, parallelSyncs, authUser, authPass,
                notificationScript, clientReconfigScript, masterRebootDownAfterPeriodMillis, renamedCommands,
                configEpoch, leaderEpoch, knownReplicas, knownSentinels, 0, List.of());
    }

    /** As the Redis-only constructor, with the forgetting rule's record of live sentinels. */
    public MasterConfig(String name, String host, int port, int quorum, long downAfterMillis,
                        long failoverTimeoutMillis, int parallelSyncs, String authUser, String authPass,
                        String notificationScript, String clientReconfigScript,
                        long masterRebootDownAfterPeriodMillis, Map<String, String> renamedCommands, long configEpoch,
                        long leaderEpoch, List<Endpoint> knownReplicas, List<KnownSentinel> knownSentinels,
                        int liveSentinelsSeen) {
        this(name, host, port, quorum, downAfterMillis, failoverTimeoutMillis, parallelSyncs, authUser, authPass,
                notificationScript, clientReconfigScript, masterRebootDownAfterPeriodMillis, renamedCommands,
                configEpoch, leaderEpoch, knownReplicas, knownSentinels, liveSentinelsSeen, List.of());
    }

    /** A master with Redis' defaults, as {@code SENTINEL MONITOR} creates it. */
    public static MasterConfig withDefaults(String name, String host, int port, int quorum) {
        return new MasterConfig(name, host, port, quorum, Defaults.DOWN_AFTER_MILLIS, Defaults.FAILOVER_TIMEOUT_MILLIS,
                Defaults.PARALLEL_SYNCS, null, null, null, null, 0, Map.of(), 0, 0, List.of(), List.of());
    }
}
