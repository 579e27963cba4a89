package io.jsentinel;

import io.jsentinel.events.Address;
import io.jsentinel.config.Defaults;
import java.time.Duration;
import java.util.Objects;

/**
 * A master to monitor and its per-master settings, as {@code sentinel monitor} and the other
 * {@code sentinel <option> <name> ...} lines set them. Start from {@link #of} and refine with the
 * {@code with...} methods:
 * <pre>{@code
 * MasterSpec.of("mymaster", "127.0.0.1", 6379, 2).withDownAfter(Duration.ofSeconds(5)).withAuthPass("secret")
 * }</pre>
 *
 * @param name the master name (no spaces)
 * @param host the master's IP address (or hostname with {@code resolve-hostnames})
 * @param port the master's port
 * @param quorum sentinels that must agree the master is down
 * @param downAfter {@code down-after-milliseconds}
 * @param failoverTimeout {@code failover-timeout}
 * @param parallelSyncs {@code parallel-syncs}
 * @param authUser {@code auth-user}, or null
 * @param authPass {@code auth-pass}, or null
 */
public record MasterSpec(String name, String host, int port, int quorum, Duration downAfter, Duration failoverTimeout,
                         int parallelSyncs, String authUser, String authPass) {
    /** Validates the fields. */
    public MasterSpec {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(downAfter, "downAfter must not be null");
        Objects.requireNonNull(failoverTimeout, "failoverTimeout must not be null");
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid master name: '" + name + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid port: " + port);
        }
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be 1 or greater");
        }
        if (downAfter.toMillis() <= 0 || failoverTimeout.toMillis() <= 0) {
            throw new IllegalArgumentException("downAfter and failoverTimeout must be positive");
        }
        if (parallelSyncs < 1) {
            throw new IllegalArgumentException("parallelSyncs must be 1 or greater");
        }
    }

    /** A master with Redis' defaults (down-after 30 s, failover-timeout 180 s, parallel-syncs 1). */
    public static MasterSpec of(String name, String host, int port, int quorum) {
        return new MasterSpec(name, host, port, quorum, Duration.ofMillis(Defaults.DOWN_AFTER_MILLIS),
                Duration.ofMillis(Defaults.FAILOVER_TIMEOUT_MILLIS), Defaults.PARALLEL_SYNCS, null, null);
    }

    /** A copy with {@code down-after-milliseconds} set. */
    public MasterSpec withDownAfter(Duration d) {
        return new MasterSpec(name, host, port, quorum, d, failoverTimeout, parallelSyncs, authUser, authPass);
    }

    /** A copy with {@code failover-timeout} set. */
    public MasterSpec withFailoverTimeout(Duration d) {
        return new MasterSpec(name, host, port, quorum, downAfter, d, parallelSyncs, authUser, authPass);
    }

    /** A copy with {@code parallel-syncs} set. */
    public MasterSpec withParallelSyncs(int n) {
        return new MasterSpec(name, host, port, quorum, downAfter, failoverTimeout, n, authUser, authPass);
    }

    /** A copy with {@code auth-user} set (null to unset). */
    public MasterSpec withAuthUser(String user) {
        return new MasterSpec(name, host, port, quorum, downAfter, failoverTimeout, parallelSyncs, user, authPass);
    }

    /** A copy with {@code auth-pass} set (null to unset). */
    public MasterSpec withAuthPass(String pass) {
        return new MasterSpec(name, host, port, quorum, downAfter, failoverTimeout, parallelSyncs, authUser, pass);
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "MasterSpec[" + name + " " + new Address(host, port) + " quorum " + quorum + " down-after "
                + downAfter.toMillis() + " failover-timeout " + failoverTimeout.toMillis() + " parallel-syncs "
                + parallelSyncs + (authUser == null ? "" : " auth-user " + authUser)
                + (authPass == null ? "" : " auth-pass ******") + "]";
    }
}
