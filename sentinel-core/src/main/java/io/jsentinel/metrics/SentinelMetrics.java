package io.jsentinel.metrics;

import io.jsentinel.InstanceStatus;
import io.jsentinel.LinkInfo;
import io.jsentinel.MasterInfo;
import io.jsentinel.PeerInfo;
import io.jsentinel.ReplicaInfo;
import io.jsentinel.RunningSentinel;
import io.jsentinel.SentinelListener;
import io.jsentinel.SentinelSnapshot;
import io.jsentinel.events.AlarmKind;
import io.jsentinel.events.InstanceRef;
import io.jsentinel.events.SentinelEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Binds a sentinel's metrics to a Micrometer registry. Gauges read the immutable snapshot the sentinel
 * publishes (after events, and at least once a second: {@link RunningSentinel#snapshot()}), never the loop's state; counters
 * are fed by a {@link SentinelListener} (its own thread). The sets of masters and links are re-read
 * every second, so a newly discovered replica shows up within a second.
 *
 * <p>Names as Micrometer sees them (Prometheus: dots become underscores, counters get {@code _total},
 * timers {@code _seconds_count/_sum/_max}, gauges with a unit get {@code _seconds}):
 * <table>
 * <caption>Metrics</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>jsentinel.tilt</td><td>gauge</td><td></td><td>1 in TILT mode, else 0</td></tr>
 * <tr><td>jsentinel.current.epoch</td><td>gauge</td><td></td><td>current epoch</td></tr>
 * <tr><td>jsentinel.masters</td><td>gauge</td><td></td><td>monitored masters</td></tr>
 * <tr><td>jsentinel.master.status</td><td>gauge</td><td>master</td><td>0 ok, 1 sdown, 2 odown</td></tr>
 * <tr><td>jsentinel.master.replicas</td><td>gauge</td><td>master</td><td>known replicas</td></tr>
 * <tr><td>jsentinel.master.peers</td><td>gauge</td><td>master</td><td>known peer sentinels</td></tr>
 * <tr><td>jsentinel.master.quorum</td><td>gauge</td><td>master</td><td>configured quorum</td></tr>
 * <tr><td>jsentinel.master.usable.sentinels</td><td>gauge</td><td>master</td><td>CKQUORUM's usable count</td></tr>
 * <tr><td>jsentinel.master.quorum.reachable</td><td>gauge</td><td>master</td><td>1 when CKQUORUM is OK</td></tr>
 * <tr><td>jsentinel.master.config.epoch</td><td>gauge</td><td>master</td><td>config epoch</td></tr>
 * <tr><td>jsentinel.master.failover.in.progress</td><td>gauge</td><td>master</td><td>1 during a failover</td></tr>
 * <tr><td>jsentinel.failovers.started</td><td>counter</td><td>master</td><td>{@code +try-failover}</td></tr>
 * <tr><td>jsentinel.failovers.succeeded</td><td>counter</td><td>master</td><td>{@code +failover-end} (leader)</td></tr>
 * <tr><td>jsentinel.failovers.aborted</td><td>counter</td><td>master, reason</td>
 *     <td>{@code -failover-abort-*}; reason not-elected, no-good-slave or slave-timeout</td></tr>
 * <tr><td>jsentinel.failover.duration</td><td>timer</td><td>master</td>
 *     <td>from this sentinel's {@code +try-failover} to its {@code +switch-master}</td></tr>
 * <tr><td>jsentinel.master.switches</td><td>counter</td><td>master</td><td>{@code +switch-master} (leader or observer)</td></tr>
 * <tr><td>jsentinel.link.connected</td><td>gauge</td><td>master, role, address</td><td>1 when the links are up</td></tr>
 * <tr><td>jsentinel.link.pending.commands</td><td>gauge</td><td>master, role, address</td><td>unanswered commands</td></tr>
 * <tr><td>jsentinel.link.ping.rtt</td><td>gauge (seconds)</td><td>master, role, address</td>
 *     <td>round trip of the last answered PING (ms resolution), NaN while one is outstanding</td></tr>
 * <tr><td>jsentinel.link.last.ok.ping.age</td><td>gauge (seconds)</td><td>master, role, address</td>
 *     <td>time since the last valid PING reply</td></tr>
 * <tr><td>jsentinel.link.reconnects</td><td>counter</td><td>master, role, address, link</td>
 *     <td>lost connections (link cmd or pubsub)</td></tr>
 * <tr><td>jsentinel.server.clients</td><td>gauge</td><td></td><td>connected clients</td></tr>
 * <tr><td>jsentinel.server.connections.received</td><td>counter</td><td></td><td>accepted connections</td></tr>
 * <tr><td>jsentinel.server.connections.rejected</td><td>counter</td><td></td><td>refused connections</td></tr>
 * <tr><td>jsentinel.server.commands</td><td>counter</td><td></td><td>commands processed</td></tr>
 * <tr><td>jsentinel.server.commands.by.name</td><td>counter</td><td>command</td><td>commands processed, by
 * lower-case name ({@code unknown} for names not in the command table)</td></tr>
 * <tr><td>jsentinel.server.errors</td><td>counter</td><td></td><td>error replies</td></tr>
 * <tr><td>jsentinel.server.pubsub.channels</td><td>gauge</td><td></td><td>channels with subscribers</td></tr>
 * <tr><td>jsentinel.server.pubsub.patterns</td><td>gauge</td><td></td><td>patterns with subscribers</td></tr>
 * <tr><td>jsentinel.alarms</td><td>gauge</td><td>master, kind</td><td>alarms on (docs/churn.md); kind
 *     misconfig-master-address, misconfig-quorum, misconfig-clock or instance-replaced</td></tr>
 * <tr><td>jsentinel.events</td><td>counter</td><td>type</td><td>every event, by Redis channel name</td></tr>
 * <tr><td>jsentinel.listener.events.dropped</td><td>counter</td><td></td><td>events dropped for slow listeners</td></tr>
 * </table>
 * Role is {@code master}, {@code replica} or {@code sentinel}; address is {@code host:port}.
 */
public final class SentinelMetrics implements MeterBinder, AutoCloseable {
    private final RunningSentinel sentinel;
    private final SentinelListener listener = this::onEvent;
    private final Map<String, Long> failoverStarts = new ConcurrentHashMap<>();
    private final List<Dynamic<?>> dynamic = new ArrayList<>();
    private volatile MeterRegistry registry;
    private ScheduledExecutorService refresher;

    /** Metrics of {@code sentinel}; nothing is registered until {@link #bindTo}. */
    public SentinelMetrics(RunningSentinel sentinel) {
        this.sentinel = sentinel;
    }

    /** Registers every meter in {@code registry} and starts counting events. Call once. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException("SentinelMetrics is already bound to a registry");
        }
        this.registry = registry;
        Gauge.builder("jsentinel.tilt", this, m -> m.snap().map(s -> s.tilt() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 while the sentinel is in TILT mode").register(registry);
        Gauge.builder("jsentinel.current.epoch", this, m -> m.snap().map(s -> (double) s.currentEpoch()).orElse(Double.NaN))
                .description("Current epoch").register(registry);
        Gauge.builder("jsentinel.masters", this, m -> m.snap().map(s -> (double) s.masters().size()).orElse(Double.NaN))
                .description("Monitored masters").register(registry);
        serverMeters(registry);
        FunctionCounter.builder("jsentinel.listener.events.dropped", sentinel, RunningSentinel::droppedEvents)
                .description("Events dropped because a listener's queue was full").register(registry);

        masterGauge("jsentinel.master.status", "0 ok, 1 subjectively down, 2 objectively down",
                m -> m.status() == InstanceStatus.ODOWN ? 2 : m.status() == InstanceStatus.SDOWN ? 1 : 0);
        masterGauge("jsentinel.master.replicas", "Known replicas", m -> m.replicas().size());
        masterGauge("jsentinel.master.peers", "Known peer sentinels", m -> m.peers().size());
        masterGauge("jsentinel.master.quorum", "Configured quorum", MasterInfo::quorum);
        masterGauge("jsentinel.master.usable.sentinels", "Sentinels usable for quorum and authorization",
                MasterInfo::usableSentinels);
        masterGauge("jsentinel.master.quorum.reachable", "1 when SENTINEL CKQUORUM would answer OK",
                m -> m.quorumReachable() ? 1 : 0);
        masterGauge("jsentinel.master.config.epoch", "Config epoch", MasterInfo::configEpoch);
        masterGauge("jsentinel.master.failover.in.progress", "1 while this sentinel runs a failover",
                m -> m.failoverInProgress() ? 1 : 0);
        MultiGauge alarms = MultiGauge.builder("jsentinel.alarms")
                .description("Alarms on: misconfiguration the sentinel noticed (docs/churn.md)").register(registry);
        dynamic.add(new Dynamic<>(alarms, SentinelMetrics::alarmRows, Integer::doubleValue));
        linkGauge("jsentinel.link.connected", null, "1 when the connections to the instance are up",
                l -> l.connected() ? 1 : 0);
        linkGauge("jsentinel.link.pending.commands", null, "Commands sent and not answered",
                LinkInfo::pendingCommands);
        linkGauge("jsentinel.link.ping.rtt", "seconds", "Round trip of the last answered PING",
                l -> l.pingRttMillis() < 0 ? Double.NaN : l.pingRttMillis() / 1000.0);
        linkGauge("jsentinel.link.last.ok.ping.age", "seconds", "Time since the last valid PING reply",
                l -> l.lastOkPingMillisAgo() / 1000.0);
        refresh();
        sentinel.addListener(listener);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sentinel-metrics");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 1, 1, TimeUnit.SECONDS);
    }

    private void serverMeters(MeterRegistry registry) {
        Gauge.builder("jsentinel.server.clients", sentinel, s -> s.serverCounters().connectedClients())
                .description("Connected clients").register(registry);
        FunctionCounter.builder("jsentinel.server.connections.received", sentinel,
                s -> s.serverCounters().connectionsReceived()).description("Accepted connections").register(registry);
        FunctionCounter.builder("jsentinel.server.connections.rejected", sentinel,
                s -> s.serverCounters().rejectedConnections()).description("Refused connections").register(registry);
        FunctionCounter.builder("jsentinel.server.commands", sentinel, s -> s.serverCounters().commandsProcessed())
                .description("Commands processed").register(registry);
        FunctionCounter.builder("jsentinel.server.errors", sentinel, s -> s.serverCounters().errorReplies())
                .description("Error replies sent").register(registry);
        Gauge.builder("jsentinel.server.pubsub.channels", sentinel, s -> s.serverCounters().pubsubChannels())
                .description("Channels with at least one subscriber").register(registry);
        Gauge.builder("jsentinel.server.pubsub.patterns", sentinel, s -> s.serverCounters().pubsubPatterns())
                .description("Patterns with at least one subscriber").register(registry);
        Gauge.builder("jsentinel.security.open.access", sentinel, s -> s.securityWarning().isPresent() ? 1 : 0)
                .description("1 while the sentinel listens on a non-loopback address and its default user needs "
                        + "no password").register(registry);
    }

    /** Stops counting events and refreshing rows; registered meters stay (remove them from the registry). */
    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        if (registry != null) {
            try {
                sentinel.removeListener(listener);
            } catch (RuntimeException e) {
                // the sentinel may already be closed
            }
        }
    }

    private Optional<SentinelSnapshot> snap() {
        return Optional.ofNullable(sentinel.snapshot());
    }

    // ---- per-master and per-link gauges -----------------------------------------------------------------

    /** A MultiGauge whose rows follow the snapshot's keys; rows are re-registered only when keys change. */
    private final class Dynamic<T> {
        final MultiGauge gauge;
        final Function<SentinelSnapshot, Map<Tags, T>> rows;
        final ToDoubleFunction<T> value;
        List<Tags> keys = List.of();

        Dynamic(MultiGauge gauge, Function<SentinelSnapshot, Map<Tags, T>> rows, ToDoubleFunction<T> value) {
            this.gauge = gauge;
            this.rows = rows;
            this.value = value;
        }

        void refresh(SentinelSnapshot s) {
            List<Tags> now = List.copyOf(rows.apply(s).keySet());
            if (now.equals(keys)) {
                return;
            }
            keys = now;
            List<MultiGauge.Row<?>> list = new ArrayList<>();
            for (Tags t : now) {
                list.add(MultiGauge.Row.of(t, () -> {
                    SentinelSnapshot latest = sentinel.snapshot();
                    T item = latest == null ? null : rows.apply(latest).get(t);
                    return item == null ? Double.NaN : value.applyAsDouble(item);
                }));
            }
            gauge.register(list, true);
        }
    }

    private void masterGauge(String name, String description, ToDoubleFunction<MasterInfo> f) {
        MultiGauge g = MultiGauge.builder(name).description(description).register(registry);
        dynamic.add(new Dynamic<>(g, SentinelMetrics::masterRows, f));
    }

    private void linkGauge(String name, String unit, String description, ToDoubleFunction<LinkInfo> f) {
        MultiGauge.Builder b = MultiGauge.builder(name).description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        dynamic.add(new Dynamic<>(b.register(registry), SentinelMetrics::linkRows, f));
    }

    private static Map<Tags, MasterInfo> masterRows(SentinelSnapshot s) {
        Map<Tags, MasterInfo> out = new LinkedHashMap<>();
        for (MasterInfo m : s.masters()) {
            out.put(Tags.of("master", m.name()), m);
        }
        return out;
    }

    /** One row per master and kind, 0 when off, so that an alert can compare with 0 from the start. */
    private static Map<Tags, Integer> alarmRows(SentinelSnapshot s) {
        Map<Tags, Integer> out = new LinkedHashMap<>();
        for (MasterInfo m : s.masters()) {
            for (AlarmKind k : AlarmKind.values()) {
                out.put(Tags.of("master", m.name(), "kind", k.channel()), 0);
            }
        }
        for (SentinelEvent.Alarm a : s.alarms()) {
            out.computeIfPresent(Tags.of("master", a.masterName(), "kind", a.kind().channel()), (t, n) -> n + 1);
        }
        return out;
    }

    private static Map<Tags, LinkInfo> linkRows(SentinelSnapshot s) {
        Map<Tags, LinkInfo> out = new LinkedHashMap<>();
        for (MasterInfo m : s.masters()) {
            out.put(linkTags(m.name(), "master", m.address().toString()), m.link());
            for (ReplicaInfo r : m.replicas()) {
                out.put(linkTags(m.name(), "replica", r.address().toString()), r.link());
            }
            for (PeerInfo p : m.peers()) {
                out.put(linkTags(m.name(), "sentinel", p.address().toString()), p.link());
            }
        }
        return out;
    }

    private static Tags linkTags(String master, String role, String address) {
        return Tags.of("master", master, "role", role, "address", address);
    }

    private final java.util.Set<String> countedCommands = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** One counter per command name seen so far (names are bounded by the command table). */
    private void registerCommandCounters() {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        for (String name : sentinel.serverCounters().commandsByName().keySet()) {
            if (countedCommands.add(name)) {
                FunctionCounter.builder("jsentinel.server.commands.by.name", sentinel,
                                x -> x.serverCounters().commandsByName().getOrDefault(name, 0L))
                        .tag("command", name).description("Commands processed, by command name").register(r);
            }
        }
    }

    private void refresh() {
        try {
            registerCommandCounters();
        } catch (RuntimeException e) {
            // the sentinel may be closing; the next refresh tries again
        }
        SentinelSnapshot s = sentinel.snapshot();
        if (s == null) {
            return;
        }
        synchronized (dynamic) {
            for (Dynamic<?> d : dynamic) {
                d.refresh(s);
            }
        }
    }

    // ---- counters from events ---------------------------------------------------------------------------

    private void onEvent(SentinelEvent e) {
        MeterRegistry r = registry;
        r.counter("jsentinel.events", "type", e.type()).increment();
        String master = e.masterName() == null ? "" : e.masterName();
        if (e instanceof SentinelEvent.TryFailover) {
            failoverStarts.put(master, e.time().toEpochMilli());
            r.counter("jsentinel.failovers.started", "master", master).increment();
        } else if (e instanceof SentinelEvent.FailoverEnd) {
            r.counter("jsentinel.failovers.succeeded", "master", master).increment();
        } else if (e instanceof SentinelEvent.FailoverAbort) {
            failoverStarts.remove(master);
            r.counter("jsentinel.failovers.aborted", "master", master, "reason",
                    e.type().substring("-failover-abort-".length())).increment();
        } else if (e instanceof SentinelEvent.SwitchMaster sm) {
            r.counter("jsentinel.master.switches", "master", sm.master()).increment();
            Long start = failoverStarts.remove(sm.master());
            if (start != null) {
                Timer.builder("jsentinel.failover.duration").tag("master", sm.master())
                        .description("From +try-failover to +switch-master on the leader").register(r)
                        .record(Duration.ofMillis(Math.max(0, e.time().toEpochMilli() - start)));
            }
        } else if (e instanceof SentinelEvent.LinkReconnection lr) {
            InstanceRef i = lr.instance();
            String role = i.kind() == InstanceRef.Kind.MASTER ? "master"
                    : i.kind() == InstanceRef.Kind.REPLICA ? "replica" : "sentinel";
            Counter.builder("jsentinel.link.reconnects").tags(linkTags(i.master(), role, i.address().toString()))
                    .tag("link", lr.link()).description("Lost connections to an instance").register(r).increment();
        }
    }
}
