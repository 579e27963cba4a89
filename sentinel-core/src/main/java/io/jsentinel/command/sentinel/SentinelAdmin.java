package io.jsentinel.command.sentinel;

import io.jsentinel.command.Errors;
import io.jsentinel.config.ConfigFlusher;
import io.jsentinel.config.ConfigTokenizer;
import io.jsentinel.config.ConfigValidation;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.monitor.Monitor;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Instance;
import io.jsentinel.state.PublishedAddresses;
import io.jsentinel.state.SentinelState;
import io.jsentinel.util.GlobMatcher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** SENTINEL MONITOR, REMOVE, SET and CONFIG: the commands that change configuration (protocol doc §8.2, §8.4). */
final class SentinelAdmin {
    private final SentinelState state;
    private final Events events;
    private final Monitor monitor;
    private final ConfigFlusher flusher;
    private final PublishedAddresses published;

    SentinelAdmin(SentinelState state, Events events, Monitor monitor, ConfigFlusher flusher,
                  PublishedAddresses published) {
        this.state = state;
        this.events = events;
        this.monitor = monitor;
        this.flusher = flusher;
        this.published = published;
    }

    /**
     * The subcommands whose change would have to be written into the configuration to last, which state-file
     * mode refuses. FLUSHCONFIG, RESET and FAILOVER change only state, which the state file keeps.
     */
    static boolean changesConfiguration(String sub, List<String> a) {
        return switch (sub) {
            case "monitor", "remove", "set" -> true;
            case "config" -> a.get(2).equalsIgnoreCase("set");
            default -> false;
        };
    }

    private static RespValue err(String s) {
        return RespValue.error(s);
    }

    /**
     * Refuses control characters in the arguments of a command whose values reach sentinel.conf, as Redis
     * and Valkey do since 2026 (redis/redis#14970, valkey-io/valkey#3847; the text is Valkey's): a newline in
     * a value could otherwise become a directive of its own after the next rewrite and restart.
     */
    private static RespValue controlChars(List<String> a, int from, String command) {
        for (int j = from; j < a.size(); j++) {
            if (ConfigTokenizer.hasControlChars(a.get(j))) {
                return err(Errors.controlCharacters(command));
            }
        }
        return null;
    }

    RespValue monitor(List<String> a) {
        RespValue refused = controlChars(a, 2, "SENTINEL MONITOR");
        if (refused != null) {
            return refused;
        }
        String name = a.get(2);
        String host = a.get(3);
        Long quorum = SentinelCommands.parseLong(a.get(5));
        if (quorum == null) {
            return err(Errors.INVALID_QUORUM);
        }
        Long port = SentinelCommands.parseLong(a.get(4));
        if (port == null) {
            return err(Errors.INVALID_PORT);
        }
        if (quorum <= 0) {
            return err(Errors.QUORUM_TOO_SMALL);
        }
        if (!ConfigValidation.isAcceptableHost(host, state.resolveHostnames)) {
            return err(Errors.INVALID_ADDRESS);
        }
        if (port < 0 || port > 65535) {
            return err(Errors.INVALID_PORT_NUMBER);
        }
        if (state.masters.containsKey(name)) {
            return err(Errors.DUPLICATE_MASTER);
        }
        MasterConfig mc = MasterConfig.withDefaults(name, host, port.intValue(), quorum.intValue());
        mc = new MasterConfig(name, host, port.intValue(), quorum.intValue(), state.timers.defaultDownAfter,
                state.timers.defaultFailoverTimeout, mc.parallelSyncs(), null, null, null, null, 0, null, 0, 0,
                null, null);
        Instance m = monitor.addMaster(mc);
        boolean saved = flusher.flushConfig();
        events.instance(EventLevel.WARNING, m, (info, ref) -> new SentinelEvent.Monitored(info, ref, m.quorum));
        return saved ? RespValue.OK : err(Errors.SAVE_FAILED);
    }

    RespValue remove(String name) {
        Instance m = state.masters.get(name);
        if (m == null) {
            return SentinelCommands.noSuchMaster();
        }
        events.instance(EventLevel.WARNING, m, SentinelEvent.Unmonitored::new);
        monitor.releaseLinks(m);
        state.masters.remove(name);
        published.publish(m);
        return flusher.flushConfig() ? RespValue.OK : err(Errors.SAVE_FAILED);
    }

    RespValue set(List<String> a) {
        Instance m = state.masters.get(a.get(2));
        if (m == null) {
            return SentinelCommands.noSuchMaster();
        }
        RespValue refused = controlChars(a, 3, "SENTINEL SET");
        if (refused != null) {
            return refused;
        }
        int changes = 0;
        for (int j = 3; j < a.size(); j++) {
            int more = a.size() - 1 - j;
            String option = a.get(j);
            String opt = option.toLowerCase(Locale.ROOT);
            int oldJ = j;
            boolean redacted = false;
            RespValue error = null;
            if (opt.equals("down-after-milliseconds") && more > 0) {
                Long v = SentinelCommands.parseLong(a.get(++j));
                if (v == null || v <= 0) {
                    error = badArg(a.get(j), option);
                } else {
                    m.downAfterPeriod = v;
                    for (Instance s : m.slaves.values()) {
                        s.downAfterPeriod = v;
                    }
                    for (Instance p : m.sentinels.values()) {
                        p.downAfterPeriod = v;
                    }
                }
            } else if (opt.equals("failover-timeout") && more > 0) {
                Long v = SentinelCommands.parseLong(a.get(++j));
                if (v == null || v <= 0) {
                    error = badArg(a.get(j), option);
                } else {
                    m.failoverTimeout = v;
                }
            } else if (opt.equals("parallel-syncs") && more > 0) {
                Long v = SentinelCommands.parseLong(a.get(++j));
                if (v == null || v <= 0 || v > Integer.MAX_VALUE) {
                    error = badArg(a.get(j), option);
                } else {
                    m.parallelSyncs = v.intValue();
                }
            } else if ((opt.equals("notification-script") || opt.equals("client-reconfig-script")) && more > 0) {
                String value = a.get(++j);
                boolean notification = opt.equals("notification-script");
                String invalid = notification ? ConfigValidation.checkNotificationScript(state.workingDir, value)
                        : ConfigValidation.checkClientReconfigScript(state.workingDir, value);
                if (state.denyScriptsReconfig) {
                    error = err("ERR " + ConfigValidation.SCRIPTS_DENIED);
                } else if (invalid != null) {
                    error = err("ERR " + invalid);
                } else if (notification) {
                    m.notificationScript = value.isEmpty() ? null : value;
                } else {
                    m.clientReconfigScript = value.isEmpty() ? null : value;
                }
            } else if (opt.equals("auth-pass") && more > 0) {
                String value = a.get(++j);
                m.authPass = value.isEmpty() ? null : value;
                dropInstanceConnections(m);
                redacted = true;
            } else if (opt.equals("auth-user") && more > 0) {
                String value = a.get(++j);
                m.authUser = value.isEmpty() ? null : value;
                dropInstanceConnections(m);
            } else if (opt.equals("quorum") && more > 0) {
                Long v = SentinelCommands.parseLong(a.get(++j));
                if (v == null || v <= 0 || v > Integer.MAX_VALUE) {
                    error = badArg(a.get(j), option);
                } else {
                    m.quorum = v.intValue();
                }
            } else if (opt.equals("rename-command") && more > 1) {
                String oldName = a.get(++j);
                String newName = a.get(++j);
                if (oldName.isEmpty() || newName.isEmpty()) {
                    error = badArg(newName.isEmpty() ? newName : oldName, option);
                } else {
                    String key = oldName.toUpperCase(Locale.ROOT);
                    m.renamedCommands.remove(key);
                    if (!oldName.equalsIgnoreCase(newName)) {
                        m.renamedCommands.put(key, newName);
                    }
                }
            } else if (opt.equals("master-reboot-down-after-period") && more > 0) {
                Long v = SentinelCommands.parseLong(a.get(++j));
                if (v == null || v < 0) {
                    error = badArg(a.get(j), option);
                } else {
                    m.masterRebootDownAfterPeriod = v;
                }
            } else {
                error = err(Errors.sentinelSetUnknownOption(option));
            }
            if (error != null) {
                if (changes > 0) {
                    flusher.flushConfig();
                }
                return error;
            }
            changes++;
            // every option takes one or two values; the password is never shown
            String shown = j - oldJ == 2 ? a.get(oldJ + 1) + " " + a.get(oldJ + 2)
                    : redacted ? "******" : a.get(oldJ + 1);
            events.instance(EventLevel.WARNING, m,
                    (info, ref) -> new SentinelEvent.OptionSet(info, ref, option, shown));
        }
        if (changes > 0 && !flusher.flushConfig()) {
            return err(Errors.SAVE_FAILED);
        }
        return RespValue.OK;
    }

    private static RespValue badArg(String value, String option) {
        return err(Errors.sentinelSetBadArgument(value, option));
    }

    /** Drops the connections of a master and its replicas so they reconnect with new credentials. */
    private void dropInstanceConnections(Instance m) {
        monitor.closeCommandConnection(m.link);
        monitor.closePubSubConnection(m.link);
        for (Instance s : m.slaves.values()) {
            monitor.closeCommandConnection(s.link);
            monitor.closePubSubConnection(s.link);
        }
    }

    private static final String FORGET_STALE = "forget-stale-after-milliseconds";

    RespValue config(List<String> a) {
        String op = a.get(2);
        if (op.equalsIgnoreCase("set") && a.size() == 5) {
            RespValue refused = controlChars(a, 3, "SENTINEL CONFIG SET");
            return refused != null ? refused : configSet(a.get(3), a.get(4));
        }
        if (op.equalsIgnoreCase("get") && a.size() == 4) {
            return configGet(a.get(3));
        }
        return err(Errors.CONFIG_GET_SET_ONLY);
    }

    private RespValue configSet(String option, String value) {
        boolean dropConns = false;
        String opt = option.toLowerCase(Locale.ROOT);
        switch (opt) {
            case "resolve-hostnames", "announce-hostnames" -> {
                Boolean b = yesNo(value);
                if (b == null) {
                    return badValue(value, option);
                }
                if (opt.equals("resolve-hostnames")) {
                    state.resolveHostnames = b;
                } else {
                    state.announceHostnames = b;
                }
                // the addresses GET-MASTER-ADDR-BY-NAME answers from change form with these at once
                state.masters.values().forEach(published::publish);
            }
            case "announce-ip" -> state.announceIp = value.isEmpty() ? null : value;
            case "announce-port" -> {
                Long p = SentinelCommands.parseLong(value);
                if (p == null || p < 0 || p > 65535) {
                    return badValue(value, option);
                }
                state.announcePort = p.intValue();
            }
            case "sentinel-user" -> {
                state.sentinelUser = value.isEmpty() ? null : value;
                dropConns = true;
            }
            case "sentinel-pass" -> {
                state.sentinelPass = value.isEmpty() ? null : value;
                dropConns = true;
            }
            case FORGET_STALE -> {
                Long ms = SentinelCommands.parseLong(value);
                if (ms == null || ms < 0) {
                    return badValue(value, option);
                }
                state.forgetStaleAfter = ms;
            }
            default -> {
                return err(Errors.configSetUnknownOption(option));
            }
        }
        boolean saved = flusher.flushConfig();
        if (dropConns) {
            for (Instance m : state.masters.values()) {
                for (Instance p : m.sentinels.values()) {
                    monitor.closeCommandConnection(p.link);
                }
            }
        }
        return saved ? RespValue.OK : err(Errors.SAVE_FAILED);
    }

    private static RespValue badValue(String value, String option) {
        return err(Errors.configSetBadValue(value, option));
    }

    private static Boolean yesNo(String v) {
        if (v.equalsIgnoreCase("yes")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("no")) {
            return Boolean.FALSE;
        }
        return null;
    }

    private RespValue configGet(String pattern) {
        java.util.Map<RespValue, RespValue> m = new java.util.LinkedHashMap<>();
        addIf(m, pattern, "resolve-hostnames", state.resolveHostnames ? "yes" : "no");
        addIf(m, pattern, "announce-hostnames", state.announceHostnames ? "yes" : "no");
        addIf(m, pattern, "announce-ip", state.announceIp == null ? "" : state.announceIp);
        addIf(m, pattern, "announce-port", Integer.toString(state.announcePort));
        addIf(m, pattern, "sentinel-user", state.sentinelUser == null ? "" : state.sentinelUser);
        addIf(m, pattern, "sentinel-pass", state.sentinelPass == null ? "" : state.sentinelPass);
        // jsentinel's extension shows in a glob only once set, so that Redis' own reply stays what it is
        if (state.forgetStaleAfter != 0 || pattern.equalsIgnoreCase(FORGET_STALE)) {
            addIf(m, pattern, FORGET_STALE, Long.toString(state.forgetStaleAfter));
        }
        return new RespValue.MapValue(m);
    }

    private static void addIf(java.util.Map<RespValue, RespValue> m, String pattern, String key, String value) {
        if (GlobMatcher.matches(pattern.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8), true)) {
            m.put(RespValue.bulk(key), RespValue.bulk(value));
        }
    }
}
