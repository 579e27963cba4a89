package io.jsentinel.core;

import io.jsentinel.config.ConfigStore;
import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.LinkFactory;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.Clock;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sentinel's brain: owns {@link SentinelState} and runs the periodic tick of protocol doc §1.1.
 * Everything here runs on one thread (the sentinel loop, or the simulation's thread); no locks.
 */
public final class SentinelCore {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelCore.class);

    final SentinelState state = new SentinelState();
    final Clock clock;
    final Random random;
    final ConfigStore store;
    final LinkFactory links;
    final Events events;
    final Monitor monitor;
    final InfoRefresher infoRefresher;
    final HelloProcessor hello;
    final Detector detector;
    final Election election;
    final Failover failover;
    final SentinelCommands commands;
    final ScriptRunner scripts;
    final Announcer announcer;
    private final SentinelConfig baseConfig;
    /** Called with the exit status for SIMULATE-FAILURE crashes. */
    IntConsumer crashHandler = status -> Runtime.getRuntime().halt(status);

    public SentinelCore(SentinelConfig config, ConfigStore store, LinkFactory links, Clock clock, Random random) {
        this.baseConfig = config;
        this.clock = clock;
        this.monoOrigin = clock.monoMillis();
        this.random = random;
        this.store = store;
        this.links = links;
        this.announcer = new Announcer(state);
        this.events = new Events(clock, announcer::host);
        this.monitor = new Monitor(this);
        this.infoRefresher = new InfoRefresher(this);
        this.hello = new HelloProcessor(this);
        this.detector = new Detector(this);
        this.election = new Election(this);
        this.failover = new Failover(this);
        this.commands = new SentinelCommands(this);
        this.scripts = new ScriptRunner(this);
        events.setNotificationHook(scripts::runNotificationScript);
        load(config);
    }

    public SentinelState state() {
        return state;
    }

    public Events events() {
        return events;
    }

    public SentinelCommands commands() {
        return commands;
    }

    public Clock clock() {
        return clock;
    }

    /** A hello received through our own PUBLISH command (protocol doc §4.2): no run id filter. */
    public void processHello(String payload) {
        assert onOwnerThread() : offLoop();
        hello.process(payload);
    }

    /** The thread that owns the state (the first to drive this core); every entry point asserts it. */
    private final LoopOwner owner = new LoopOwner();

    boolean onOwnerThread() {
        return owner.isCurrent();
    }

    String offLoop() {
        return owner.describeViolation();
    }

    public void setCrashHandler(IntConsumer handler) {
        this.crashHandler = handler;
    }

    /**
     * Monotonic milliseconds shifted so that 0 is far in the past: Redis' timers use 0 for "never", and
     * a never-set timestamp must compare as older than any period.
     */
    public long now() {
        return clock.monoMillis() - monoOrigin + EPOCH_OFFSET;
    }

    private static final long EPOCH_OFFSET = 1_000_000_000L;
    private final long monoOrigin;

    private void load(SentinelConfig cfg) {
        state.myId = cfg.myId();
        state.currentEpoch = cfg.currentEpoch();
        state.denyScriptsReconfig = cfg.denyScriptsReconfig();
        state.resolveHostnames = cfg.resolveHostnames();
        state.announceHostnames = cfg.announceHostnames();
        state.announceIp = emptyToNull(cfg.announceIp());
        state.announcePort = cfg.announcePort();
        state.sentinelUser = emptyToNull(cfg.sentinelUser());
        state.sentinelPass = emptyToNull(cfg.sentinelPass());
        state.requirePass = emptyToNull(cfg.server().requirepass());
        state.port = cfg.server().port();
        state.workingDir = cfg.server().dir();
        state.previousTime = clock.wallMillis();
        for (MasterConfig mc : cfg.masters()) {
            Instance m = createMaster(mc);
            for (Endpoint r : mc.knownReplicas()) {
                createSlave(m, r);
            }
            for (KnownSentinel ks : mc.knownSentinels()) {
                if (ks.runId() != null && !ks.runId().equalsIgnoreCase(state.myId)) {
                    createSentinel(m, ks.runId(), new Endpoint(ks.host(), ks.port()));
                }
            }
            if (mc.configEpoch() > state.currentEpoch) {
                state.currentEpoch = mc.configEpoch();
            }
        }
    }

    /**
     * Announces the masters and persists a generated id. Call once, on the loop, before the first tick.
     * Returns false if the id could not be saved.
     */
    public boolean start() {
        boolean ok = true;
        beginMonitoring();
        if (state.myId == null) {
            byte[] b = new byte[20];
            random.nextBytes(b);
            state.myId = HexFormat.of().formatHex(b);
            ok = flushConfig();
        }
        if (!events.muted()) {
            LOG.warn("Sentinel ID is {}", state.myId);
        }
        for (Instance m : state.masters.values()) {
            events.instance(EventLevel.WARNING, m, (info, ref) -> new SentinelEvent.Monitored(info, ref, m.quorum));
        }
        return ok;
    }

    /**
     * Marks the moment monitoring really starts (call right before the first tick): TILT measures gaps
     * between ticks and links count their silence from here, so the time spent starting up (JVM
     * warm-up, binding) is neither a clock jump nor a dead instance.
     */
    public void beginMonitoring() {
        state.previousTime = clock.wallMillis();
        long now = now();
        for (Instance m : state.masters.values()) {
            resetLinkClock(m, now);
            m.slaves.values().forEach(s -> resetLinkClock(s, now));
            m.sentinels.values().forEach(p -> resetLinkClock(p, now));
        }
    }

    private static void resetLinkClock(Instance ri, long now) {
        ri.link.actPingTime = now;
        ri.link.lastAvailTime = now;
        ri.link.lastPongTime = now;
        ri.roleReportedTime = now;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    Instance createMaster(MasterConfig mc) {
        Instance m = new Instance(Flags.MASTER, mc.name(), new Endpoint(mc.host(), mc.port()), null, now());
        m.quorum = mc.quorum();
        m.downAfterPeriod = mc.downAfterMillis();
        m.failoverTimeout = mc.failoverTimeoutMillis();
        m.parallelSyncs = mc.parallelSyncs();
        m.authUser = emptyToNull(mc.authUser());
        m.authPass = emptyToNull(mc.authPass());
        m.notificationScript = mc.notificationScript();
        m.clientReconfigScript = mc.clientReconfigScript();
        m.masterRebootDownAfterPeriod = mc.masterRebootDownAfterPeriodMillis();
        m.renamedCommands.putAll(mc.renamedCommands());
        m.configEpoch = mc.configEpoch();
        m.leaderEpoch = mc.leaderEpoch();
        state.masters.put(m.name, m);
        publishMasterAddress(m);
        return m;
    }

    Instance createSlave(Instance master, Endpoint addr) {
        Instance s = new Instance(Flags.SLAVE, announcer.endpoint(addr).name(), addr, master, now());
        s.downAfterPeriod = master.downAfterPeriod;
        master.slaves.put(s.name, s);
        return s;
    }

    Instance createSentinel(Instance master, String runId, Endpoint addr) {
        Instance s = new Instance(Flags.SENTINEL, runId, addr, master, now());
        s.runId = runId;
        s.downAfterPeriod = master.downAfterPeriod;
        master.sentinels.put(runId, s);
        monitor.tryConnectionSharing(s);
        return s;
    }

    private java.util.function.Supplier<List<List<String>>> aclUsers;

    /** Where the config rewrite takes the ACL users from (the server's, as changed by ACL SETUSER/DELUSER). */
    public void setAclUsers(java.util.function.Supplier<List<List<String>>> users) {
        this.aclUsers = users;
    }

    /** GET-MASTER-ADDR-BY-NAME replies by master name, for readers off the loop. */
    private final PublishedAddresses published = new PublishedAddresses();

    /**
     * Publishes the address GET-MASTER-ADDR-BY-NAME reports for {@code master} (or drops it once the master
     * is no longer monitored). Called wherever that address can change; the tick re-publishes every master
     * as a safety net.
     */
    void publishMasterAddress(Instance master) {
        Instance current = state.masters.get(master.name);
        published.put(master.name, current == null ? null : announcer.endpoint(currentMasterAddress(current)));
    }

    /** Publishes {@code addr} for {@code name} ahead of the state change that will make it current. */
    void publishMasterAddress(String name, Endpoint addr) {
        published.put(name, announcer.endpoint(addr));
    }

    /** The published GET-MASTER-ADDR-BY-NAME reply; any thread. A null array for an unknown name, as Redis. */
    public io.jsentinel.resp.RespValue publishedMasterAddress(String name) {
        return published.reply(name);
    }

    /** The address clients should use: the promoted replica's once the failover reached reconf_slaves. */
    public Endpoint currentMasterAddress(Instance master) {
        if (master.is(Flags.FAILOVER_IN_PROGRESS) && master.promotedSlave != null
                && master.failoverState.ordinal() >= io.jsentinel.state.FailoverState.RECONF_SLAVES.ordinal()) {
            return master.promotedSlave.addr;
        }
        return master.addr;
    }

    /** The command name to send, after the master's rename table. */
    String cmd(Instance ri, String name) {
        String renamed = ri.owner().renamedCommands.get(name.toUpperCase(java.util.Locale.ROOT));
        return renamed != null ? renamed : name;
    }

    /** Rewrites the config; false (and a logged warning) when it could not be saved. */
    public boolean flushConfig() {
        try {
            store.save(toConfig());
            if (!events.muted()) {
                LOG.info("Sentinel new configuration saved on disk");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Sentinel: failed to save config file: {}", e.getMessage());
            return false;
        }
    }

    /** The persistent view of the current state, as the config rewrite writes it (protocol doc §9.4). */
    public SentinelConfig toConfig() {
        io.jsentinel.config.ServerSettings server = baseConfig.server();
        if (aclUsers != null) {
            server = server.withUserLines(aclUsers.get());
        }
        return ConfigSnapshot.of(state, announcer, this::currentMasterAddress, server);
    }

    /** One run of the periodic timer (protocol doc §1.1). */
    public void tick() {
        assert onOwnerThread() : offLoop();
        wakeAt = Long.MAX_VALUE;
        detector.checkTiltCondition();
        Instance switchToPromoted = null;
        for (Instance m : List.copyOf(state.masters.values())) {
            if (!state.masters.containsKey(m.name)) {
                continue;
            }
            handleInstance(m);
            publishMasterAddress(m);
            for (Instance s : List.copyOf(m.slaves.values())) {
                handleInstance(s);
            }
            for (Instance p : List.copyOf(m.sentinels.values())) {
                handleInstance(p);
            }
            if (m.failoverState == io.jsentinel.state.FailoverState.UPDATE_CONFIG) {
                switchToPromoted = m;
            }
        }
        if (switchToPromoted != null) {
            failover.switchToPromotedSlave(switchToPromoted);
        }
        scripts.tick();
    }

    private void handleInstance(Instance ri) {
        monitor.reconnect(ri);
        monitor.sendPeriodicCommands(ri);
        if (state.tilt) {
            if (now() - state.tiltStartTime < state.timers.tiltPeriod) {
                return;
            }
            state.tilt = false;
            events.global(EventLevel.WARNING, null, SentinelEvent.TiltExited::new);
        }
        detector.checkSubjectivelyDown(ri);
        if (ri.isMaster()) {
            evaluateMaster(ri);
            detector.askMasterStateToOtherSentinels(ri, false);
        }
    }

    /** ODOWN, the failover start and the failover state machine of one master (the tick's order). */
    void evaluateMaster(Instance master) {
        detector.checkObjectivelyDown(master);
        if (failover.startFailoverIfNeeded(master)) {
            detector.askMasterStateToOtherSentinels(master, true);
        }
        failover.stateMachine(master);
    }

    private long wakeAt = Long.MAX_VALUE;
    private java.util.function.LongConsumer wakeHook = at -> { };

    /**
     * Asks for a tick no later than {@code at} (this core's {@link #now()} time base), e.g. when a
     * down-after period runs out between two ticks. The simulation ignores it and keeps its own ticks.
     */
    void wakeAt(long at) {
        if (at < wakeAt) {
            wakeAt = at;
            wakeHook.accept(at);
        }
    }

    /** Milliseconds until the earliest tick asked for through {@link #wakeAt}, or -1 when none. */
    public long millisUntilWake() {
        return wakeAt == Long.MAX_VALUE ? -1 : Math.max(0, wakeAt - now());
    }

    /** Called on the loop, with the delay in milliseconds, whenever an earlier tick is asked for. */
    public void setWakeHook(java.util.function.LongConsumer hook) {
        this.wakeHook = at -> hook.accept(Math.max(0, at - now()));
    }

    /** Closes every link (shutdown). */
    /** Stops every script still running (shutdown). Loop only. */
    public void killScripts() {
        scripts.killAll();
    }

    public void closeAllLinks() {
        for (Instance m : state.masters.values()) {
            monitor.releaseLinks(m);
        }
    }

    void crash(int status) {
        crashHandler.accept(status);
    }
}
