package io.jsentinel.events;

/**
 * A misconfiguration that redis-sentinel leaves silent and jsentinel reports (docs/churn.md, "Alarms"). An alarm is
 * raised with a {@link SentinelEvent.Alarm} event on {@code +<channel>} and ends with a
 * {@link SentinelEvent.AlarmEnded} on {@code -<channel>}; neither changes anything the sentinel decides.
 */
public enum AlarmKind {
    /**
     * A peer announces another address for the master under a config epoch no newer than ours: at once when the
     * epochs are equal (two configurations under one epoch), after a delay when the peer's is older (a peer that
     * has not yet heard of a failover looks the same for a few seconds).
     */
    MASTER_ADDRESS("misconfig-master-address"),
    /** A peer monitors the master with another quorum ({@code SENTINEL MASTER}'s {@code quorum}). */
    QUORUM("misconfig-quorum"),
    /** A peer's clock ({@code INFO server}'s {@code server_time_usec}) is far from ours. */
    CLOCK("misconfig-clock"),
    /**
     * A master or replica answers with a new run id whose uptime is longer than the time since the old run id was
     * last heard: not a restart, another process now answers at that address.
     */
    INSTANCE_REPLACED("instance-replaced");

    private final String channel;

    AlarmKind(String channel) {
        this.channel = channel;
    }

    /** The channel without its sign, e.g. {@code misconfig-quorum}. */
    public String channel() {
        return channel;
    }
}
