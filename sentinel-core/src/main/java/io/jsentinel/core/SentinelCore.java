package io.jsentinel.core;

import io.jsentinel.command.sentinel.SentinelCommands;
import io.jsentinel.config.ConfigStore;
import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.detect.Detector;
import io.jsentinel.discovery.Alarms;
import io.jsentinel.discovery.Forgetter;
import io.jsentinel.discovery.HelloProcessor;
import io.jsentinel.discovery.InfoRefresher;
import io.jsentinel.discovery.PeerAudit;
import io.jsentinel.discovery.ViewCheck;
import io.jsentinel.election.Election;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.failover.Failover;
import io.jsentinel.failover.MasterSwitch;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.LinkFactory;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.resp.RespValue;
import io.jsentinel.script.ScriptRunner;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.FailoverState;
import io.jsentinel.state.Instance;
import io.jsentinel.state.LoopOwner;
import io.jsentinel.state.PublishedAddresses;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.Clock;
import io.jsentinel.time.LoopClock;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sentinel: owns its {@link SentinelState}, wires the collaborators that act on it (each gets only the
 * narrow pieces it uses; none holds this class), and runs the periodic tick of protocol doc §1.1 in Redis'
 * order. Everything here runs on one thread (the sentinel loop, or the simulation's thread); no locks. The
 * entry points (tick, hellos, SENTINEL commands, link callbacks) assert that thread.
 */
public final class SentinelCore {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelCore.class);

    final SentinelState state = new SentinelState();
    private final LoopClock clock;
    private final Random random;
    private final ConfigStore store;
    private final SentinelConfig baseConfig;
    private final LoopOwner owner = new LoopOwner();
    final Announcer announcer;
    private final PublishedAddresses published;
    private final Events events;
    final ScriptRunner scripts;
    private final Monitor monitor;
    private final Detector detector;
    private final Election election;
    private final MasterSwitch masterSwitch;
    private final Failover failover;
    private final InfoRefresher infoRefresher;
    private final HelloProcessor hello;
    private final Forgetter forgetter;
    private final Alarms alarms;
    private final PeerAudit peerAudit;
    private final ViewCheck viewCheck;
    private final SentinelCommands commands;
    /** Called with the exit status for SIMULATE-FAILURE crashes. */
    private IntConsumer crashHandler = status -> Runtime.getRuntime().halt(status);
    private Supplier<List<List<String>>> aclUsers;
    private long wakeAt = Long.MAX_VALUE;
    private LongConsumer wakeHook = at -> { };

    public SentinelCore(SentinelConfig config, ConfigStore store, LinkFactory links, Clock clock, Random random) {
        this.baseConfig = config;
        this.clock = new LoopClock(clock);
        this.random = random;
        this.store = store;
        this.announcer = new Announcer(state);
        this.published = new PublishedAddresses(state, announcer);
        this.events = new Events(clock, announcer::host);
        this.scripts = new ScriptRunner(state, this.clock, events);
        this.monitor = new Monitor(state, this.clock, links, announcer, events, published, owner, new Monitor.Reports() {
            @Override
            public void onInfo(Instance ri, String info) {
                infoRefresher.refresh(ri, info);
            }

            @Override
            public void onHello(String payload) {
                hello.process(payload);
            }
        });
        this.detector = new Detector(state, this.clock, events, monitor, announcer, this::wakeAt,
                new Detector.Reactions() {
                    @Override
                    public void evaluateMaster(Instance master) {
                        SentinelCore.this.evaluateMaster(master);
                    }

                    @Override
                    public void advanceFailover(Instance master) {
                        failover.stateMachine(master);
                    }
                });
        this.election = new Election(state, this.clock, events, this::flushConfig, random);
        this.masterSwitch = new MasterSwitch(this.clock, events, monitor, scripts, published, this::flushConfig);
        this.failover = new Failover(state, this.clock, events, monitor, announcer, election, masterSwitch, published,
                this::flushConfig, random, status -> crashHandler.accept(status));
        this.alarms = new Alarms(state, this.clock, events, announcer);
        this.peerAudit = new PeerAudit(state, this.clock, monitor, alarms);
        this.viewCheck = new ViewCheck(state, this.clock, monitor, announcer, this::onViewConfirmed);
        this.infoRefresher = new InfoRefresher(state, this.clock, events, announcer, monitor, this::flushConfig,
                failover, alarms, viewCheck);
        this.hello = new HelloProcessor(state, this.clock, events, monitor, this::flushConfig, published,
                masterSwitch, alarms);
        this.forgetter = new Forgetter(state, this.clock, events, monitor, this::flushConfig);
        this.commands = new SentinelCommands(state, this.clock, events, announcer, monitor, detector, election,
                failover, masterSwitch, scripts, published, this::flushConfig, owner, store.persistsConfiguration());
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

    /** A hello received through our own PUBLISH command (protocol doc §4.2): no run id filter. */
    public void processHello(String payload) {
        assert owner.isCurrent() : owner.describeViolation();
        hello.process(payload);
    }

    public void setCrashHandler(IntConsumer handler) {
        this.crashHandler = handler;
    }

    /**
     * Looks host names up through {@code names} from now on, keeping what loading the config resolved. Its
     * answers must come on this core's thread. A name's first answer asks the masters whose last INFO listed it
     * for INFO again, so a replica announced by that name joins at once rather than at the next INFO.
     */
    public void resolveNamesWith(Announcer.Lookup names) {
        announcer.lookUpWith((host, answer) -> names.lookup(host, ip -> {
            assert owner.isCurrent() : owner.describeViolation();
            answer.accept(ip);
        }));
        announcer.whenFirstResolved(host -> {
            for (Instance m : state.masters.values()) {
                if (m.info != null && m.info.contains("ip=" + host + ",")) {
                    monitor.sendInfo(m);
                }
            }
        });
    }

    /** Wall-clock milliseconds of this sentinel's clock (snapshots). */
    public long wallMillis() {
        return clock.wallMillis();
    }

    /** The loop's time base ({@link LoopClock#now()}). */
    public long now() {
        return clock.now();
    }

    private void load(SentinelConfig cfg) {
        state.myId = cfg.myId();
        state.currentEpoch = cfg.currentEpoch();
        state.denyScriptsReconfig = cfg.denyScriptsReconfig();
        state.resolveHostnames = cfg.resolveHostnames();
        state.announceHostnames = cfg.announceHostnames();
        state.announceIp = Monitor.emptyToNull(cfg.announceIp());
        state.announcePort = cfg.announcePort();
        state.sentinelUser = Monitor.emptyToNull(cfg.sentinelUser());
        state.sentinelPass = Monitor.emptyToNull(cfg.sentinelPass());
        state.requirePass = Monitor.emptyToNull(cfg.server().requirepass());
        state.port = cfg.server().port();
        state.workingDir = cfg.server().dir();
        state.forgetStaleAfter = cfg.forgetStaleAfterMillis();
        state.previousTime = clock.wallMillis();
        for (MasterConfig mc : cfg.masters()) {
            Instance m = monitor.addMaster(mc);
            m.liveSentinelsSeen = mc.liveSentinelsSeen();
            m.formerAddresses.addAll(mc.formerAddresses());
            for (Endpoint r : mc.knownReplicas()) {
                monitor.addReplica(m, r);
            }
            for (KnownSentinel ks : mc.knownSentinels()) {
                if (ks.runId() != null && !ks.runId().equalsIgnoreCase(state.myId)) {
                    monitor.addPeer(m, ks.runId(), new Endpoint(ks.host(), ks.port()));
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

    /** Where the config rewrite takes the ACL users from (the server's, as changed by ACL SETUSER/DELUSER). */
    public void setAclUsers(Supplier<List<List<String>>> users) {
        this.aclUsers = users;
    }

    /** The published GET-MASTER-ADDR-BY-NAME reply; any thread. A null array for an unknown name, as Redis. */
    public RespValue publishedMasterAddress(String name) {
        return published.reply(name);
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
        ServerSettings server = baseConfig.server();
        if (aclUsers != null) {
            server = server.withUserLines(aclUsers.get());
        }
        return ConfigSnapshot.of(state, announcer, server);
    }

    /** One run of the periodic timer (protocol doc §1.1). */
    public void tick() {
        assert owner.isCurrent() : owner.describeViolation();
        wakeAt = Long.MAX_VALUE;
        detector.checkTiltCondition();
        Instance switchToPromoted = null;
        for (Instance m : List.copyOf(state.masters.values())) {
            if (!state.masters.containsKey(m.name)) {
                continue;
            }
            handleInstance(m);
            published.publish(m);
            for (Instance s : List.copyOf(m.slaves.values())) {
                handleInstance(s);
            }
            for (Instance p : List.copyOf(m.sentinels.values())) {
                handleInstance(p);
            }
            forgetter.tick(m);
            viewCheck.tick(m);
            if (m.failoverState == FailoverState.UPDATE_CONFIG) {
                switchToPromoted = m;
            }
        }
        if (switchToPromoted != null) {
            masterSwitch.switchToPromotedSlave(switchToPromoted);
        }
        scripts.tick();
    }

    private void handleInstance(Instance ri) {
        monitor.reconnect(ri);
        monitor.sendPeriodicCommands(ri);
        if (ri.isSentinel()) {
            peerAudit.tick(ri);
        }
        alarms.tick(ri);
        if (detector.stillInTilt()) {
            return;
        }
        detector.checkSubjectivelyDown(ri);
        if (ri.isMaster()) {
            evaluateMaster(ri);
            detector.askMasterStateToOtherSentinels(ri, false);
        }
    }

    private void onViewConfirmed(Instance master) {
        infoRefresher.onViewConfirmed(master);
    }

    /** ODOWN, the failover start and the failover state machine of one master (the tick's order). */
    private void evaluateMaster(Instance master) {
        detector.checkObjectivelyDown(master);
        if (failover.startFailoverIfNeeded(master)) {
            detector.askMasterStateToOtherSentinels(master, true);
        }
        failover.stateMachine(master);
    }

    /**
     * Asks for a tick no later than {@code at} (this core's {@link #now()} time base), e.g. when a
     * down-after period runs out between two ticks. The simulation ignores it and keeps its own ticks.
     */
    private void wakeAt(long at) {
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
    public void setWakeHook(LongConsumer hook) {
        this.wakeHook = at -> hook.accept(Math.max(0, at - now()));
    }

    /** Stops every script still running (shutdown). Loop only. */
    public void killScripts() {
        scripts.killAll();
    }

    /** Closes every link (shutdown). */
    public void closeAllLinks() {
        for (Instance m : state.masters.values()) {
            monitor.releaseLinks(m);
        }
    }
}
