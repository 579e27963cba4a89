package io.jsentinel;

import io.jsentinel.events.Address;
import io.jsentinel.events.SentinelEvent;
import java.util.List;
import java.util.Optional;

/**
 * How a coordinated switchover ({@link RunningSentinel#switchover}) ended.
 *
 * @param master    the master name
 * @param outcome   switched, aborted with the topology left as it was, or failed to start
 * @param from      the primary before the switchover
 * @param to        the new primary when switched; the selected replica (or none) otherwise
 * @param epoch     the failover epoch, 0 when it did not start
 * @param error     Redis' error text when it did not start (e.g. {@code INPROG Failover already in progress}), or
 *                  the abort event's channel when it aborted; null when switched
 * @param timeline  this sentinel's events about the master from the request to the end, in order
 */
public record SwitchoverResult(String master, Outcome outcome, Address from, Optional<Address> to, long epoch,
                               String error, List<SentinelEvent> timeline) {

    /** How it ended. */
    public enum Outcome {
        /** {@code +switch-master}: the new primary took over with every acknowledged write. */
        SWITCHED,
        /** A {@code -failover-abort-*} event: nothing was promoted; writes continue on the old primary. */
        ABORTED,
        /** Refused before it started (no such master, already in progress, no suitable replica, ...). */
        REFUSED,
        /** No end was seen within the wait (the sentinel's state is unknown; look at the events). */
        TIMED_OUT
    }

    public SwitchoverResult {
        timeline = List.copyOf(timeline);
    }
}
