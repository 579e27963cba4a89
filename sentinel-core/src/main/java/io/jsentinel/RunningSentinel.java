package io.jsentinel;

import io.jsentinel.events.Address;
import java.util.List;
import java.util.Optional;

/**
 * A started sentinel, as returned by {@link Sentinel.Builder#start()}. {@link #close()} flushes the config,
 * closes links and the listening sockets, then stops the listener threads.
 *
 * <p>Query methods are thread-safe and return immutable records. {@link #snapshot()} is the copy published
 * after the latest tick (at most about 100 ms old, free to call); {@link #masters()}, {@link #master},
 * {@link #masterAddress}, {@link #replicas} and {@link #peers} ask the sentinel loop for a fresh one and
 * wait for it (do not call them from a place where blocking hurts).
 *
 * <p>Only {@link #port()}, {@link #myId()} and {@link #close()} must be implemented by test doubles; the
 * other methods default to throwing {@link UnsupportedOperationException}.
 */
public interface RunningSentinel extends AutoCloseable {
    /** The bound TCP port (useful with port 0). */
    int port();

    /** This sentinel's 40-character id. */
    String myId();

    /** The latest published snapshot: from the tick after the latest event, and at most a second old. */
    default SentinelSnapshot snapshot() {
        throw unsupported();
    }

    /** A fresh view of every monitored master, in configuration order. */
    default List<MasterInfo> masters() {
        throw unsupported();
    }

    /** A fresh view of one master; empty when it is not monitored. */
    default Optional<MasterInfo> master(String name) {
        return masters().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The address clients should use for {@code name} now (like {@code SENTINEL GET-MASTER-ADDR-BY-NAME}: the
     * promoted replica's address once a failover has reached the replica reconfiguration); empty when the
     * master is not monitored.
     */
    default Optional<Address> masterAddress(String name) {
        return master(name).map(MasterInfo::address);
    }

    /**
     * The known replicas of {@code master}.
     *
     * @throws SentinelException {@code ERR No such master with that name}
     */
    default List<ReplicaInfo> replicas(String master) {
        return master(master).orElseThrow(RunningSentinel::noSuchMaster).replicas();
    }

    /**
     * The peer sentinels known for {@code master}.
     *
     * @throws SentinelException {@code ERR No such master with that name}
     */
    default List<PeerInfo> peers(String master) {
        return master(master).orElseThrow(RunningSentinel::noSuchMaster).peers();
    }

    /**
     * Starts a failover without asking the other sentinels, like {@code SENTINEL FAILOVER}. Returns once it
     * has started; watch the events for the outcome.
     *
     * @throws SentinelException with Redis' error: {@code INPROG Failover already in progress},
     *     {@code NOGOODSLAVE No suitable replica to promote} or {@code ERR No such master with that name}
     */
    default FailoverResult failover(String master) {
        throw unsupported();
    }

    /**
     * A planned switchover without lost writes, as {@code SENTINEL FAILOVER <master> COORDINATED [TO <ip> <port>]}:
     * this sentinel asks the others for votes, and once elected has the primary pause writes, wait until the
     * replica has every acknowledged write and swap roles (Redis' {@code FAILOVER TO ... TIMEOUT ...}), then
     * reconfigures the other replicas. The future completes when it switched, aborted or was refused.
     *
     * @param target  the replica to promote, or null for the best one
     * @param timeout how long the primary may hold writes while the replica catches up; null for the master's
     *                failover-timeout
     */
    default java.util.concurrent.CompletableFuture<SwitchoverResult> switchover(String master, Address target,
                                                                              java.time.Duration timeout) {
        throw unsupported();
    }

    /**
     * Why this sentinel is open to anyone on the network (it listens on a non-loopback address and its
     * default user needs no password), as now; empty when it is not.
     */
    default Optional<String> securityWarning() {
        return Optional.empty();
    }

    /** What {@link #checkAccess} found. */
    enum Access {
        /** The password is right and the user may run the command. */
        ALLOWED,
        /** The password is right, but the user's ACL rules do not allow the command ({@code NOPERM}). */
        NO_PERMISSION,
        /** Unknown user, wrong password or disabled user ({@code WRONGPASS}). */
        WRONG_PASSWORD
    }

    /**
     * Whether {@code user} with {@code password} may run {@code command} (name, then arguments, e.g.
     * {@code SENTINEL FAILOVER mymaster}), decided as this sentinel's port decides for a client that sent
     * {@code AUTH user password} then that command: {@code requirepass}, {@code user} lines and ACL SETUSER changes
     * as they are now. For front ends that speak another protocol (the launcher's HTTP API). Does not block.
     */
    default Access checkAccess(String user, String password, List<String> command) {
        throw unsupported();
    }

    /** Counters of the client-facing server. */
    default ServerCounters serverCounters() {
        throw unsupported();
    }

    /** Adds a listener; it receives events from now on, on its own thread (see {@link SentinelListener}). */
    default void addListener(SentinelListener listener) {
        throw unsupported();
    }

    /** Removes a listener and stops its thread once its queued events are delivered; false if unknown. */
    default boolean removeListener(SentinelListener listener) {
        throw unsupported();
    }

    /** Events dropped because a listener's queue was full, over all listeners since start. */
    default long droppedEvents() {
        throw unsupported();
    }

    /** True until {@link #close()} (or a SHUTDOWN command) stops the sentinel. */
    default boolean isRunning() {
        throw unsupported();
    }

    /** Stops the sentinel; idempotent. */
    @Override
    void close();

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not supported by this RunningSentinel");
    }

    private static SentinelException noSuchMaster() {
        return new SentinelException(io.jsentinel.command.Errors.NO_SUCH_MASTER);
    }
}
