package io.jsentinel.events;

import java.time.Instant;

/**
 * A typed sentinel event: one record per event kind of Redis Sentinel 7.0 (protocol doc §7.2). The sentinel
 * builds these records itself; Redis' channel ({@link #type()}) and payload ({@link #message()}) are
 * rendered from their fields, exactly as Redis publishes and logs them.
 *
 * <p>Events about an instance implement {@link InstanceEvent}; the three failover aborts implement
 * {@link FailoverAbort}.
 */
public sealed interface SentinelEvent {
    /** Level, master and time of the event. */
    EventInfo info();

    /** The Redis channel name, e.g. {@code +sdown}. */
    default String type() {
        return EventText.type(this);
    }

    /** The Redis payload, exactly as published, e.g. {@code master mymaster 127.0.0.1 6379}. */
    default String message() {
        return EventText.message(this);
    }

    /** The Redis log level of the event. */
    default EventLevel level() {
        return info().level();
    }

    /** The master the event concerns, or null. */
    default String masterName() {
        return info().masterName();
    }

    /** When the sentinel emitted the event. */
    default Instant time() {
        return info().time();
    }

    /** An event about one master, replica or peer sentinel. */
    sealed interface InstanceEvent extends SentinelEvent {
        /** The instance the event is about. */
        InstanceRef instance();
    }

    /** One of the {@code -failover-abort-*} events: this sentinel's failover attempt stopped. */
    sealed interface FailoverAbort extends InstanceEvent {
    }

    /**
     * An alarm raised (jsentinel's; Redis has none): a misconfiguration that does not change what the sentinel
     * decides, reported on {@code +<kind>} until an {@link AlarmEnded} on {@code -<kind>} (docs/churn.md, "Alarms").
     * The instance is the one the alarm is about: the peer, or the master or replica that was replaced.
     */
    sealed interface Alarm extends InstanceEvent {
        /** Which alarm. */
        AlarmKind kind();
    }

    /** {@code +monitor}: the master is monitored (at start-up, or after {@code SENTINEL MONITOR}). */
    record Monitored(EventInfo info, InstanceRef instance, int quorum) implements InstanceEvent {
    }

    /** {@code +set}: {@code SENTINEL SET} changed an option ({@code auth-pass} shows as {@code ******}). */
    record OptionSet(EventInfo info, InstanceRef instance, String option, String value) implements InstanceEvent {
    }

    /** {@code +sentinel-address-switch}: a known peer announced a new address. */
    record SentinelAddressSwitch(EventInfo info, InstanceRef instance, Address newAddress, String runId)
            implements InstanceEvent {
    }

    /** {@code +sentinel-address-update}: a peer's address was updated under other masters too. */
    record SentinelAddressUpdate(EventInfo info, InstanceRef instance, int additionalMatches) implements InstanceEvent {
    }

    /**
     * {@code +role-change} / {@code -role-change}: the instance reports a new role in INFO; {@code +} when
     * that role is the one the sentinel has it as, {@code -} when they differ.
     *
     * @param reportedRole {@code master} or {@code slave}
     */
    record RoleChange(EventInfo info, InstanceRef instance, String reportedRole) implements InstanceEvent {
        /** Whether the reported role is the one the sentinel has the instance as. */
        public boolean agreesWithConfig() {
            return "master".equals(reportedRole) == (instance.kind() == InstanceRef.Kind.MASTER);
        }
    }

    /** {@code +odown}: enough sentinels agree the master is down. */
    record ObjectivelyDown(EventInfo info, InstanceRef instance, int agreeing, int quorum) implements InstanceEvent {
    }

    /** {@code +new-epoch}: the current epoch increased. */
    record NewEpoch(EventInfo info, long epoch) implements SentinelEvent {
    }

    /** {@code +vote-for-leader}: this sentinel voted for {@code leaderRunId} in {@code epoch}. */
    record VoteForLeader(EventInfo info, String leaderRunId, long epoch) implements SentinelEvent {
    }

    /**
     * {@code +switch-master}: the master's address changed. The leader emits it when its failover ends;
     * observers when a peer's hello carries the new configuration.
     */
    record SwitchMaster(EventInfo info, String master, Address oldAddress, Address newAddress)
            implements SentinelEvent {
    }

    /** {@code +tilt}: TILT mode entered (the sentinel stops acting until the clock looks sane). */
    record TiltEntered(EventInfo info) implements SentinelEvent {
    }

    /** {@code -tilt}: TILT mode exited. */
    record TiltExited(EventInfo info) implements SentinelEvent {
    }

    /**
     * {@code -script-error}: a notification or reconfiguration script failed, or could not be started
     * (then exit code 2).
     */
    record ScriptError(EventInfo info, String path, int signal, int exitCode) implements SentinelEvent {
    }

    /** {@code -script-timeout}: a script ran too long and was killed. */
    record ScriptTimeout(EventInfo info, String path, long pid) implements SentinelEvent {
    }

    /**
     * {@code +script-child} / {@code -script-child} (log only): a script process started or ended.
     *
     * @param pid the script's process id
     * @param ended false when it started ({@code +script-child}), true when it ended
     * @param exitCode its exit code once ended (0 when a signal killed it, and while it runs)
     * @param signal the signal that killed it, 0 if none (and while it runs)
     */
    record ScriptChild(EventInfo info, long pid, boolean ended, int exitCode, int signal) implements SentinelEvent {
        /** {@code +script-child}: the script started as process {@code pid}. */
        public static ScriptChild started(EventInfo info, long pid) {
            return new ScriptChild(info, pid, false, 0, 0);
        }

        /** {@code -script-child}: process {@code pid} ended. */
        public static ScriptChild exited(EventInfo info, long pid, int exitCode, int signal) {
            return new ScriptChild(info, pid, true, exitCode, signal);
        }
    }

    /**
     * {@code -cmd-link-reconnection} / {@code -pubsub-link-reconnection} (log only): a connection to the
     * instance was lost.
     *
     * @param link {@code cmd} or {@code pubsub}
     * @param reason the cause Redis gives, without the leading {@code #}
     */
    record LinkReconnection(EventInfo info, InstanceRef instance, String link, String reason)
            implements InstanceEvent {
    }

    /** {@code -monitor}: the master was removed ({@code SENTINEL REMOVE}). */
    record Unmonitored(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +reset-master}: {@code SENTINEL RESET} matched the master. */
    record MasterReset(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +slave}: a replica was discovered, or re-added by a switch. */
    record ReplicaAdded(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +sentinel}: a new peer sentinel was learnt from a hello. */
    record SentinelAdded(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /**
     * {@code -sentinel}: a peer unseen for longer than {@code forget-stale-after-milliseconds} was forgotten
     * (jsentinel's extension; Redis never forgets a peer).
     */
    record SentinelForgotten(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /**
     * {@code -slave}: a replica unseen for longer than {@code forget-stale-after-milliseconds}, and no longer listed
     * by its master, was forgotten (jsentinel's extension).
     */
    record ReplicaForgotten(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +sentinel-invalid-addr}: a stale peer entry was removed. */
    record SentinelInvalidAddress(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +reboot}: the instance's run id changed. */
    record Reboot(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +sdown}: this sentinel considers the instance down. */
    record SubjectivelyDown(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code -sdown}: the instance answers again. */
    record SubjectivelyDownEnded(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code -odown}: the master is no longer objectively down. */
    record ObjectivelyDownEnded(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +try-failover}: this sentinel starts a failover and asks for votes. */
    record TryFailover(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +elected-leader}: this sentinel won the election for the epoch. */
    record ElectedLeader(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +failover-state-select-slave}: choosing the replica to promote. */
    record FailoverStateSelectSlave(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +selected-slave}: the replica to promote was chosen. */
    record SelectedSlave(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +failover-state-send-slaveof-noone}: promoting the replica. */
    record FailoverStateSendSlaveofNoone(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +failover-state-wait-promotion}: waiting for the replica to report the master role. */
    record FailoverStateWaitPromotion(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +promoted-slave}: the replica now reports the master role. */
    record PromotedSlave(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +failover-state-reconf-slaves}: pointing the other replicas at the new master. */
    record FailoverStateReconfSlaves(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +slave-reconf-sent}: REPLICAOF sent to a replica. */
    record SlaveReconfSent(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code -slave-reconf-sent-timeout}: a replica did not start syncing in time. */
    record SlaveReconfSentTimeout(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +slave-reconf-inprog}: a replica is syncing with the new master. */
    record SlaveReconfInprog(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +slave-reconf-done}: a replica is in sync with the new master. */
    record SlaveReconfDone(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +slave-reconf-sent-be}: REPLICAOF sent to a replica after the failover timeout (best effort). */
    record SlaveReconfSentBe(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +failover-end-for-timeout}: the failover timed out reconfiguring replicas. */
    record FailoverEndForTimeout(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +failover-end}: the failover completed (the switch follows). */
    record FailoverEnd(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +config-update-from}: a peer's hello carried a newer configuration; the instance is that peer. */
    record ConfigUpdateFrom(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +convert-to-slave}: an instance that claims to be master is turned into a replica. */
    record ConvertToSlave(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code +fix-slave-config}: a replica following the wrong master is corrected. */
    record FixSlaveConfig(EventInfo info, InstanceRef instance) implements InstanceEvent {
    }

    /** {@code -failover-abort-not-elected}: this sentinel was not elected leader in time. */
    record FailoverAbortNotElected(EventInfo info, InstanceRef instance) implements FailoverAbort {
    }

    /** {@code -failover-abort-no-good-slave}: no replica can be promoted. */
    record FailoverAbortNoGoodSlave(EventInfo info, InstanceRef instance) implements FailoverAbort {
    }

    /** {@code -failover-abort-slave-timeout}: the selected replica did not become master in time. */
    record FailoverAbortSlaveTimeout(EventInfo info, InstanceRef instance) implements FailoverAbort {
    }

    /**
     * {@code -failover-abort-master-timeout} (Valkey 9): a coordinated switchover ran out of time on the primary's
     * side: too little of failover-timeout was left to send FAILOVER, or the primary gave up waiting for the replica
     * to catch up (its FAILOVER TIMEOUT). Nothing was promoted; writes continue on the primary.
     */
    record FailoverAbortMasterTimeout(EventInfo info, InstanceRef instance) implements FailoverAbort {
    }

    /**
     * {@code -failover-abort-refused} (jsentinel): the primary refused the coordinated switchover's FAILOVER
     * transaction (for example its ACL denies FAILOVER or CLIENT PAUSE to the sentinel's user, or the replica is not
     * online). Nothing was promoted and the primary was unpaused.
     *
     * @param reason the primary's error reply
     */
    record FailoverAbortRefused(EventInfo info, InstanceRef instance, String reason) implements FailoverAbort {
    }

    /**
     * {@code +misconfig-master-address}: the peer announces another address for the master, under a config epoch
     * equal to ours, or older for longer than a failover takes to reach it.
     *
     * @param announced the master address in the peer's hellos
     * @param peerConfigEpoch the config epoch in the peer's hellos
     * @param configEpoch ours
     */
    record MisconfigMasterAddress(EventInfo info, InstanceRef instance, Address announced, long peerConfigEpoch,
                                  long configEpoch) implements Alarm {
        @Override
        public AlarmKind kind() {
            return AlarmKind.MASTER_ADDRESS;
        }
    }

    /**
     * {@code +misconfig-quorum}: the peer monitors the master with another quorum.
     *
     * @param peerQuorum the quorum in the peer's {@code SENTINEL MASTER} reply
     * @param quorum ours
     */
    record MisconfigQuorum(EventInfo info, InstanceRef instance, int peerQuorum, int quorum) implements Alarm {
        @Override
        public AlarmKind kind() {
            return AlarmKind.QUORUM;
        }
    }

    /**
     * {@code +misconfig-clock}: the peer's wall clock is far from ours.
     *
     * @param offsetMillis the peer's time minus ours (positive: the peer is ahead), measured at the middle of the
     *     round trip
     * @param rttMillis that round trip: the measurement is good to half of it
     */
    record MisconfigClock(EventInfo info, InstanceRef instance, long offsetMillis, long rttMillis) implements Alarm {
        @Override
        public AlarmKind kind() {
            return AlarmKind.CLOCK;
        }
    }

    /**
     * {@code +instance-replaced}: the master or replica answers with a new run id, and the new process has been up
     * for longer than the old run id has been unheard: another process answers at that address (address reuse,
     * swapped pods, a wrong DNS answer). {@link Reboot} is emitted as well, as Redis does for any new run id.
     *
     * @param oldRunId the run id last heard at the address
     * @param newRunId the one answering now
     * @param uptimeSeconds the new process's {@code uptime_in_seconds}
     * @param unheardMillis how long before the new run id the old one was last heard
     */
    record InstanceReplaced(EventInfo info, InstanceRef instance, String oldRunId, String newRunId,
                            long uptimeSeconds, long unheardMillis) implements Alarm {
        @Override
        public AlarmKind kind() {
            return AlarmKind.INSTANCE_REPLACED;
        }
    }

    /**
     * {@code -misconfig-master-address}, {@code -misconfig-quorum}, {@code -misconfig-clock},
     * {@code -instance-replaced}: the alarm ended (the peer agrees again, or for a replaced instance a hold time
     * passed). An alarm whose instance is removed ends without one: the removal has its own event.
     */
    record AlarmEnded(EventInfo info, InstanceRef instance, AlarmKind kind) implements InstanceEvent {
    }
}
