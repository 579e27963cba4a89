package io.jsentinel.command.sentinel;

import io.jsentinel.command.CommandCatalog;
import io.jsentinel.command.CommandSpec;
import io.jsentinel.command.Errors;
import io.jsentinel.config.ConfigFlusher;
import io.jsentinel.detect.Detector;
import io.jsentinel.election.Election;
import io.jsentinel.election.Vote;
import io.jsentinel.event.Events;
import io.jsentinel.failover.Failover;
import io.jsentinel.failover.MasterSwitch;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.script.ScriptRunner;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.LoopOwner;
import io.jsentinel.state.PublishedAddresses;
import io.jsentinel.time.LoopClock;
import io.jsentinel.util.GlobMatcher;
import io.jsentinel.link.Endpoint;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.QuorumCheck;
import io.jsentinel.state.SentinelState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SENTINEL command and its subcommands, with redis-sentinel 7.0's replies and errors (protocol doc §8.2). */
public final class SentinelCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelCommands.class);

    /** SENTINEL's subcommands by lower-case name, with their arity, from redis-sentinel 7.0.15's command table. */
    private static final Map<String, CommandSpec> SUBCOMMANDS = CommandCatalog.sentinel().top("sentinel").subcommands();

    private final SentinelState state;
    private final LoopClock clock;
    private final Announcer announcer;
    private final Detector detector;
    private final Election election;
    private final Failover failover;
    private final MasterSwitch masterSwitch;
    private final ScriptRunner scripts;
    private final PublishedAddresses published;
    private final ConfigFlusher flusher;
    private final LoopOwner owner;
    /** False in state-file mode: nothing persists configuration changes (ConfigStore#persistsConfiguration). */
    private final boolean configurationWritable;
    private final SentinelAdmin admin;
    private final FailoverCommand failoverCommand;

    public SentinelCommands(SentinelState state, LoopClock clock, Events events, Announcer announcer, Monitor monitor,
                            Detector detector, Election election, Failover failover, MasterSwitch masterSwitch,
                            ScriptRunner scripts, PublishedAddresses published, ConfigFlusher flusher,
                            LoopOwner owner, boolean configurationWritable) {
        this.state = state;
        this.clock = clock;
        this.announcer = announcer;
        this.detector = detector;
        this.election = election;
        this.failover = failover;
        this.masterSwitch = masterSwitch;
        this.scripts = scripts;
        this.published = published;
        this.flusher = flusher;
        this.owner = owner;
        this.configurationWritable = configurationWritable;
        this.admin = new SentinelAdmin(state, events, monitor, flusher, published);
        this.failoverCommand = new FailoverCommand(state, announcer, detector, failover);
    }

    /** Runs {@code SENTINEL ...}; {@code argv} includes the word SENTINEL. Must run on the loop. */
    public RespValue execute(List<byte[]> argv) {
        assert owner.isCurrent() : owner.describeViolation();
        List<String> a = new ArrayList<>(argv.size());
        for (byte[] b : argv) {
            a.add(new String(b, StandardCharsets.UTF_8));
        }
        if (a.size() < 2) {
            return err(Errors.wrongArity("sentinel"));
        }
        String sub = a.get(1).toLowerCase(Locale.ROOT);
        CommandSpec spec = SUBCOMMANDS.get(sub);
        if (spec == null) {
            return err(Errors.unknownSubcommand("sentinel", a.get(1)));
        }
        if (!spec.arityOk(a.size())) {
            return err(Errors.wrongArity("sentinel|" + sub));
        }
        try {
            return dispatch(sub, a);
        } catch (RuntimeException e) {
            LOG.warn("SENTINEL {} failed", sub, e);
            return err("ERR " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private RespValue dispatch(String sub, List<String> a) {
        if (!configurationWritable && SentinelAdmin.changesConfiguration(sub, a)) {
            return err(Errors.CONFIG_READ_ONLY);
        }
        long now = clock.now();
        switch (sub) {
            case "masters": {
                List<RespValue> out = new ArrayList<>();
                for (Instance m : state.masters.values()) {
                    out.add(Describe.instance(m, announcer.host(m.addr), now));
                }
                return RespValue.array(out);
            }
            case "master": {
                Instance m = master(a.get(2));
                return m == null ? noSuchMaster() : Describe.instance(m, announcer.host(m.addr), now);
            }
            case "slaves":
            case "replicas": {
                Instance m = master(a.get(2));
                if (m == null) {
                    return noSuchMaster();
                }
                List<RespValue> out = new ArrayList<>();
                for (Instance s : m.slaves.values()) {
                    if (s.replicaAnnounced) {
                        out.add(Describe.instance(s, announcer.host(s.addr), now));
                    }
                }
                return RespValue.array(out);
            }
            case "sentinels": {
                Instance m = master(a.get(2));
                if (m == null) {
                    return noSuchMaster();
                }
                List<RespValue> out = new ArrayList<>();
                for (Instance p : m.sentinels.values()) {
                    out.add(Describe.instance(p, announcer.host(p.addr), now));
                }
                return RespValue.array(out);
            }
            case "myid":
                return RespValue.bulk(state.myId);
            case "get-master-addr-by-name": {
                Instance m = master(a.get(2));
                if (m == null) {
                    return RespValue.NULL_ARRAY;
                }
                Endpoint addr = m.addressForClients();
                return RespValue.array(RespValue.bulk(announcer.host(addr)),
                        RespValue.bulk(Integer.toString(addr.port())));
            }
            case "is-master-down-by-addr":
                return isMasterDownByAddr(a);
            case "reset":
                return reset(a.get(2));
            case "failover":
                return failoverCommand.execute(a);
            case "ckquorum":
                return ckquorum(a.get(2));
            case "flushconfig":
                return flusher.flushConfig() ? RespValue.OK : err(Errors.SAVE_FAILED);
            case "monitor":
                return admin.monitor(a);
            case "remove":
                return admin.remove(a.get(2));
            case "set":
                return admin.set(a);
            case "config":
                return admin.config(a);
            case "info-cache":
                return infoCache(a, now);
            case "pending-scripts":
                return pendingScripts(now);
            case "simulate-failure":
                return simulateFailure(a);
            case "debug":
                return debug(a);
            case "help": {
                List<RespValue> out = new ArrayList<>();
                for (String line : io.jsentinel.command.HelpTexts.SENTINEL) {
                    out.add(RespValue.simple(line));
                }
                return RespValue.array(out);
            }
            default:
                return err(Errors.unknownSubcommand("sentinel", a.get(1)));
        }
    }

    /** The {@code # Sentinel} section of INFO (protocol doc §8.5). */
    public String infoSection() {
        StringBuilder sb = new StringBuilder("# Sentinel\r\n");
        sb.append("sentinel_masters:").append(state.masters.size()).append("\r\n");
        sb.append("sentinel_tilt:").append(state.tilt ? 1 : 0).append("\r\n");
        sb.append("sentinel_tilt_since_seconds:")
                .append(state.tilt ? (clock.now() - state.tiltStartTime) / 1000 : -1).append("\r\n");
        sb.append("sentinel_running_scripts:").append(scripts.runningCount()).append("\r\n");
        sb.append("sentinel_scripts_queue_length:").append(scripts.jobs().size()).append("\r\n");
        sb.append("sentinel_simulate_failure_flags:").append(state.simFailureFlags).append("\r\n");
        int i = 0;
        for (Instance m : state.masters.values()) {
            String status = m.is(Flags.O_DOWN) ? "odown" : m.is(Flags.S_DOWN) ? "sdown" : "ok";
            sb.append("master").append(i++).append(":name=").append(m.name).append(",status=").append(status)
                    .append(",address=").append(announcer.host(m.addr)).append(':').append(m.addr.port())
                    .append(",slaves=").append(m.slaves.size()).append(",sentinels=").append(m.sentinels.size() + 1)
                    .append("\r\n");
        }
        return sb.toString();
    }

    Instance master(String name) {
        return state.masters.get(name);
    }

    static RespValue err(String text) {
        return RespValue.error(text);
    }

    static RespValue noSuchMaster() {
        return err(Errors.NO_SUCH_MASTER);
    }

    private RespValue isMasterDownByAddr(List<String> a) {
        Long port = parseLong(a.get(3));
        Long reqEpoch = parseLong(a.get(4));
        if (port == null || reqEpoch == null) {
            return err(Errors.NOT_INTEGER);
        }
        String ip = a.get(2);
        String runId = a.get(5);
        Instance ri = null;
        for (Instance m : state.masters.values()) {
            // by the name it was given or by the IP that name resolves to (Redis compares resolved addresses)
            if (m.addr.port() == port && (m.addr.host().equalsIgnoreCase(ip)
                    || announcer.ip(m.addr.host()).equalsIgnoreCase(ip))) {
                ri = m;
                break;
            }
        }
        boolean down = !state.tilt && ri != null && ri.is(Flags.S_DOWN) && ri.isMaster();
        String leader = null;
        long leaderEpoch = 0;
        if (ri != null && ri.isMaster() && !"*".equals(runId)) {
            Vote v = election.voteLeader(ri, reqEpoch, runId);
            leader = v.leader();
            leaderEpoch = v.epoch();
        }
        if (down && "*".equals(runId)) {
            detector.onAskedByPeer(ri);
        }
        return RespValue.array(RespValue.integer(down ? 1 : 0), RespValue.bulk(leader == null ? "*" : leader),
                RespValue.integer(leaderEpoch));
    }

    static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private RespValue reset(String pattern) {
        int count = 0;
        for (Instance m : List.copyOf(state.masters.values())) {
            if (GlobMatcher.matches(pattern.getBytes(StandardCharsets.UTF_8), m.name.getBytes(StandardCharsets.UTF_8),
                    false)) {
                masterSwitch.resetMaster(m, true, true);
                published.publish(m);
                count++;
            }
        }
        return RespValue.integer(count);
    }

    /** See {@link FailoverCommand#start}. */
    public RespValue startFailover(String name, boolean coordinatedSwitchover, String targetHost, int targetPort,
                                   long pauseMillis) {
        assert owner.isCurrent() : owner.describeViolation();
        return failoverCommand.start(name, coordinatedSwitchover, targetHost, targetPort, pauseMillis);
    }

    private RespValue ckquorum(String name) {
        Instance m = master(name);
        if (m == null) {
            return noSuchMaster();
        }
        QuorumCheck check = QuorumCheck.of(m);
        return check.ok() ? RespValue.simple(check.text()) : err(check.text());
    }

    private RespValue infoCache(List<String> a, long now) {
        Map<String, Instance> selected = new LinkedHashMap<>();
        for (int j = 2; j < a.size(); j++) {
            Instance m = master(a.get(j));
            if (m != null) {
                selected.put(m.name, m);
            }
        }
        List<RespValue> out = new ArrayList<>();
        for (Instance m : selected.values()) {
            out.add(RespValue.bulk(m.name));
            List<RespValue> infos = new ArrayList<>();
            infos.add(RespValue.array(RespValue.integer(m.infoRefresh != 0 ? now - m.infoRefresh : 0),
                    m.info == null ? RespValue.NULL : RespValue.bulk(m.info)));
            for (Instance s : m.slaves.values()) {
                // Quirk kept from 7.0: the replica's age is 0 while the master never answered INFO.
                infos.add(RespValue.array(RespValue.integer(m.infoRefresh != 0 ? now - s.infoRefresh : 0),
                        s.info == null ? RespValue.NULL : RespValue.bulk(s.info)));
            }
            out.add(RespValue.array(infos));
        }
        return RespValue.array(out);
    }

    private RespValue pendingScripts(long now) {
        List<RespValue> out = new ArrayList<>();
        for (ScriptRunner.Job job : scripts.jobs()) {
            Map<RespValue, RespValue> m = new LinkedHashMap<>();
            List<RespValue> args = new ArrayList<>();
            for (String s : job.argv()) {
                args.add(RespValue.bulk(s));
            }
            m.put(RespValue.bulk("argv"), RespValue.array(args));
            m.put(RespValue.bulk("flags"), RespValue.bulk(job.running() ? "running" : "scheduled"));
            m.put(RespValue.bulk("pid"), RespValue.bulk(Long.toString(job.pid())));
            if (job.running()) {
                m.put(RespValue.bulk("run-time"), RespValue.bulk(Long.toString(now - job.startTime())));
            } else {
                long delay = job.startTime() != 0 ? Math.max(0, job.startTime() - now) : 0;
                m.put(RespValue.bulk("run-delay"), RespValue.bulk(Long.toString(delay)));
            }
            m.put(RespValue.bulk("retry-num"), RespValue.bulk(Integer.toString(job.retryNum())));
            out.add(new RespValue.MapValue(m));
        }
        return RespValue.array(out);
    }

    private RespValue simulateFailure(List<String> a) {
        state.simFailureFlags = 0;
        for (int j = 2; j < a.size(); j++) {
            String f = a.get(j);
            if (f.equalsIgnoreCase("crash-after-election")) {
                state.simFailureFlags |= SentinelState.SIMFAILURE_CRASH_AFTER_ELECTION;
                LOG.warn("Failure simulation: this Sentinel will crash after being successfully elected as "
                        + "failover leader");
            } else if (f.equalsIgnoreCase("crash-after-promotion")) {
                state.simFailureFlags |= SentinelState.SIMFAILURE_CRASH_AFTER_PROMOTION;
                LOG.warn("Failure simulation: this Sentinel will crash after promoting the selected replica "
                        + "to master");
            } else if (f.equalsIgnoreCase("help")) {
                return RespValue.array(RespValue.bulk("crash-after-election"), RespValue.bulk("crash-after-promotion"));
            } else {
                return err(Errors.UNKNOWN_SIMULATION);
            }
        }
        return RespValue.OK;
    }

    private RespValue debug(List<String> a) {
        if (a.size() == 2) {
            Map<RespValue, RespValue> m = new LinkedHashMap<>();
            for (Map.Entry<String, Long> e : state.timers.asMap().entrySet()) {
                m.put(RespValue.bulk(e.getKey().toUpperCase(Locale.ROOT)), RespValue.bulk(Long.toString(e.getValue())));
            }
            return new RespValue.MapValue(m);
        }
        for (int j = 2; j < a.size(); j++) {
            String option = a.get(j);
            String key = option.toLowerCase(Locale.ROOT);
            boolean known = state.timers.knows(key);
            if (!known || j + 1 >= a.size()) {
                return err(Errors.debugUnknownOption(option));
            }
            String value = a.get(++j);
            Long v = parseLong(value);
            if (v == null || v <= 0) {
                return err(Errors.debugBadArgument(value, option));
            }
            state.timers.set(key, v);
        }
        return RespValue.OK;
    }
}
