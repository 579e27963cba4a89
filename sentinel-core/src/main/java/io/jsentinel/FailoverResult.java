package io.jsentinel;

/**
 * A failover that {@link RunningSentinel#failover(String)} started. It has only started: watch for
 * {@link io.jsentinel.events.SentinelEvent.SwitchMaster} (or an abort event) to learn how it ends.
 *
 * @param master the master name
 * @param epoch the epoch the failover runs in
 */
public record FailoverResult(String master, long epoch) {
}
