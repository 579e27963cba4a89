package io.jsentinel;

import io.jsentinel.events.Address;
import io.jsentinel.runtime.SentinelRuntime;
import io.jsentinel.event.EventSink;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.metrics.SentinelMetrics;
import io.jsentinel.resp.RespValue;
import io.jsentinel.server.SentinelServer;
import io.jsentinel.server.ServerStats;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.InstanceLink;
import io.jsentinel.state.QuorumCheck;
import io.jsentinel.state.SentinelState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link RunningSentinel} behind {@link Sentinel.Builder#start()}: wraps the runtime, publishes a
 * snapshot after the tick that follows any event, and at least every {@link #SNAPSHOT_MAX_AGE_NANOS},
 * and fans events out to listener threads.
 */
final class EmbeddedSentinel implements RunningSentinel {
    private final SentinelRuntime runtime;
    private final int listenerCapacity;
    private final List<ListenerDispatcher> dispatchers = new CopyOnWriteArrayList<>();
    private final LongAdder dropped = new LongAdder();
    private volatile SentinelSnapshot latest;
    private volatile SentinelMetrics metrics;

    private EmbeddedSentinel(SentinelRuntime runtime, int listenerCapacity) {
        this.runtime = runtime;
        this.listenerCapacity = listenerCapacity;
    }

    /** Creates the runtime with our fan-out as an extra sink; listeners are attached before start. */
    static EmbeddedSentinel create(java.util.function.Function<EventSink, SentinelRuntime> factory,
                                   int listenerCapacity) {
        EventSink[] fanOut = new EventSink[1];
        SentinelRuntime rt = factory.apply(e -> fanOut[0].accept(e));
        EmbeddedSentinel s = new EmbeddedSentinel(rt, listenerCapacity);
        fanOut[0] = s::fanOut;
        rt.afterTick(s::refreshSnapshot);
        return s;
    }

    SentinelRuntime runtime() {
        return runtime;
    }

    void start(io.micrometer.core.instrument.MeterRegistry registry) throws Exception {
        runtime.start();
        if (registry != null) {
            SentinelMetrics m = new SentinelMetrics(this);
            m.bindTo(registry);
            metrics = m;
        }
    }

    /**
     * Building a snapshot walks every instance; doing it on every tick (10-19 a second) was most of the
     * loop's work with hundreds of masters. Events mark the state changed; quieter changes (link state,
     * INFO fields, timers) show within this age.
     */
    static final long SNAPSHOT_MAX_AGE_NANOS = 1_000_000_000L;
    /** Loop thread only. */
    private boolean changed = true;
    private long builtAt;

    private void refreshSnapshot() {
        long now = System.nanoTime();
        if (changed || latest == null || now - builtAt >= SNAPSHOT_MAX_AGE_NANOS) {
            changed = false;
            builtAt = now;
            latest = build();
        }
    }

    private void fanOut(SentinelEvent e) {
        changed = true;
        for (ListenerDispatcher d : dispatchers) {
            d.accept(e);
        }
    }

    // ---- snapshots (built on the loop only) --------------------------------------------------------

    private SentinelSnapshot build() {
        SentinelState st = runtime.core().state();
        long now = runtime.monoNow();
        List<MasterInfo> masters = new ArrayList<>(st.masters.size());
        List<SentinelEvent.Alarm> alarms = new ArrayList<>();
        for (Instance m : st.masters.values()) {
            addAlarms(alarms, m);
            m.slaves.values().forEach(s -> addAlarms(alarms, s));
            m.sentinels.values().forEach(p -> addAlarms(alarms, p));
            List<ReplicaInfo> replicas = new ArrayList<>(m.slaves.size());
            for (Instance s : m.slaves.values()) {
                replicas.add(new ReplicaInfo(address(s.addr), status(s), s.slaveMasterLinkStatusOk, s.slavePriority,
                        s.slaveReplOffset, link(s.link, now)));
            }
            List<PeerInfo> peers = new ArrayList<>(m.sentinels.size());
            for (Instance p : m.sentinels.values()) {
                peers.add(new PeerInfo(p.runId, address(p.addr), status(p), p.is(Flags.MASTER_DOWN), link(p.link, now)));
            }
            QuorumCheck check = QuorumCheck.of(m);
            masters.add(new MasterInfo(m.name, address(runtime.currentMasterAddress(m)), status(m), m.quorum,
                    m.configEpoch, m.failoverState.wireName(), check.usable(), check.ok(), replicas, peers,
                    link(m.link, now)));
        }
        return new SentinelSnapshot(st.myId, st.currentEpoch, st.tilt, runtime.core().wallMillis(), masters, alarms);
    }

    private static void addAlarms(List<SentinelEvent.Alarm> out, Instance ri) {
        if (!ri.alarms.isEmpty()) {
            ri.alarms.values().forEach(a -> out.add(a.raisedBy()));
        }
    }

    private static Address address(Endpoint e) {
        return new Address(e.host(), e.port());
    }

    private static InstanceStatus status(Instance ri) {
        return ri.is(Flags.O_DOWN) ? InstanceStatus.ODOWN : ri.is(Flags.S_DOWN) ? InstanceStatus.SDOWN
                : InstanceStatus.OK;
    }

    private static LinkInfo link(InstanceLink l, long now) {
        // The reply to the last PING came after it was sent: the difference is that PING's round trip.
        long rtt = l.lastPingTime != 0 && l.actPingTime == 0 && l.lastPongTime >= l.lastPingTime
                ? l.lastPongTime - l.lastPingTime : -1;
        return new LinkInfo(!l.disconnected, l.pendingCommands, rtt, Math.max(0, now - l.lastAvailTime));
    }

    // ---- RunningSentinel -------------------------------------------------------------------------------

    @Override
    public int port() {
        return runtime.port();
    }

    @Override
    public String myId() {
        return runtime.myId();
    }

    @Override
    public SentinelSnapshot snapshot() {
        return latest;
    }

    @Override
    public List<MasterInfo> masters() {
        return onLoop(() -> {
            SentinelSnapshot s = build();
            latest = s;
            return s.masters();
        });
    }

    @Override
    public FailoverResult failover(String master) {
        return onLoop(() -> {
            RespValue r = runtime.core().commands().execute(List.of(bytes("SENTINEL"), bytes("FAILOVER"),
                    bytes(master)));
            if (r instanceof RespValue.Error e) {
                throw new SentinelException(e.text());
            }
            Instance m = runtime.core().state().masters.get(master);
            return new FailoverResult(master, m == null ? runtime.core().state().currentEpoch : m.failoverEpoch);
        });
    }

    @Override
    public java.util.concurrent.CompletableFuture<SwitchoverResult> switchover(String master, Address target,
                                                                             java.time.Duration timeout) {
        return SwitchoverWatch.start(runtime.core(), runtime.loop(), master, target, timeout);
    }

    @Override
    public java.util.Optional<String> securityWarning() {
        return java.util.Optional.ofNullable(runtime.server().openAccessWarning());
    }

    @Override
    public ServerCounters serverCounters() {
        SentinelServer server = runtime.server();
        ServerStats st = server.stats();
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        st.commandsByName.forEach((k, v) -> byName.put(k, v.sum()));
        return new ServerCounters(server.connectedClients(), st.connectionsReceived.sum(),
                st.rejectedConnections.sum(), st.commands.sum(), st.errorReplies.sum(), server.pubsub().channelCount(),
                server.pubsub().patternCount(), byName);
    }

    @Override
    public Access checkAccess(String user, String password, List<String> command) {
        String error = runtime.server().checkAccess(user, password, command);
        return error == null ? Access.ALLOWED : error.startsWith("NOPERM") ? Access.NO_PERMISSION
                : Access.WRONG_PASSWORD;
    }

    @Override
    public void addListener(SentinelListener listener) {
        addListener(listener, listenerCapacity);
    }

    void addListener(SentinelListener listener, int capacity) {
        java.util.Objects.requireNonNull(listener, "listener must not be null");
        dispatchers.add(new ListenerDispatcher(listener, capacity, dropped));
    }

    @Override
    public boolean removeListener(SentinelListener listener) {
        for (ListenerDispatcher d : dispatchers) {
            if (d.listener == listener && dispatchers.remove(d)) {
                d.close(1000);
                return true;
            }
        }
        return false;
    }

    @Override
    public long droppedEvents() {
        return dropped.sum();
    }

    @Override
    public boolean isRunning() {
        return !runtime.isClosed();
    }

    @Override
    public void close() {
        SentinelMetrics m = metrics;
        if (m != null) {
            m.close();
        }
        runtime.close();
        for (ListenerDispatcher d : dispatchers) {
            d.close(1000);
        }
        dispatchers.clear();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        try {
            return runtime.onLoop(task);
        } catch (SentinelException e) {
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SentinelException se) {
                throw new SentinelException(se.getMessage());
            }
            throw new IllegalStateException("sentinel loop task failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("sentinel loop unavailable: " + e, e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
