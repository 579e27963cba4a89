package io.jsentinel.config;

import io.jsentinel.link.Endpoint;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies queued {@code sentinel …} lines in Redis' three passes (protocol doc §9.1–9.2): global directives
 * first, then {@code monitor}, then the per-master rest, so that line order in the file does not matter.
 */
final class SentinelDirectives {
    static final String UNRECOGNIZED = "Unrecognized sentinel configuration statement.";
    static final String NO_SUCH_MASTER = "No such master with specified name.";
    private static final Set<String> PRE_MONITOR = Set.of("announce-ip", "announce-port", "deny-scripts-reconfig",
            "sentinel-user", "sentinel-pass", "current-epoch", "myid", "resolve-hostnames", "announce-hostnames",
            "forget-stale-after-milliseconds", "state-file");

    /** One queued line: its arguments after {@code sentinel}, and where it came from. */
    record Entry(List<String> args, Path path, int lineNumber, String line) {
    }

    private String myId;
    private long currentEpoch;
    private boolean denyScriptsReconfig = true;
    private boolean resolveHostnames;
    private boolean announceHostnames;
    private String announceIp;
    private int announcePort;
    private String sentinelUser;
    private String sentinelPass;
    private long forgetStaleAfterMillis;
    private final Map<String, MasterState> masters = new LinkedHashMap<>();
    /** The directory relative script paths are checked in (the config's final {@code dir}). */
    private final String workingDir;
    /** The file being loaded (null for text), which a state file must not be. */
    private final Path configFile;
    private Path stateFile;

    SentinelDirectives(String workingDir, Path configFile) {
        this.workingDir = workingDir;
        this.configFile = configFile == null ? null : configFile.toAbsolutePath().normalize();
    }

    /** Applies all entries in three passes; throws at the first error. */
    void applyAll(List<Entry> queue) throws ConfigException {
        for (Entry e : queue) {
            if (PRE_MONITOR.contains(lower(e.args().get(0)))) {
                apply(e);
            }
        }
        for (Entry e : queue) {
            if (lower(e.args().get(0)).equals("monitor")) {
                apply(e);
            }
        }
        for (Entry e : queue) {
            String k = lower(e.args().get(0));
            if (!PRE_MONITOR.contains(k) && !k.equals("monitor")) {
                apply(e);
            }
        }
    }

    private void apply(Entry e) throws ConfigException {
        String err = handle(e.args());
        if (err != null) {
            throw ConfigException.atLine(e.path(), e.lineNumber(), e.line(), err);
        }
    }

    private String handle(List<String> a) {
        String k = lower(a.get(0));
        int argc = a.size();
        switch (k) {
            case "monitor":
                if (argc != 5) {
                    return UNRECOGNIZED;
                }
                int quorum = ConfigValidation.atoi(a.get(4));
                if (quorum <= 0) {
                    return "Quorum must be 1 or greater.";
                }
                String addrErr = checkAddress(a.get(2), ConfigValidation.atoi(a.get(3)));
                if (addrErr != null) {
                    return addrErr;
                }
                if (masters.containsKey(a.get(1))) {
                    return "Duplicate master name.";
                }
                masters.put(a.get(1), new MasterState(a.get(1), a.get(2), ConfigValidation.atoi(a.get(3)), quorum));
                return null;
            case "myid":
                if (argc != 2) {
                    return UNRECOGNIZED;
                }
                if (a.get(1).length() != MyIds.LENGTH) {
                    return "Malformed Sentinel id in myid option.";
                }
                myId = a.get(1);
                return null;
            case "current-epoch":
                if (argc != 2) {
                    return UNRECOGNIZED;
                }
                raiseEpoch(ConfigValidation.strtoull(a.get(1)));
                return null;
            case "deny-scripts-reconfig":
            case "resolve-hostnames":
            case "announce-hostnames": {
                if (argc != 2) {
                    return UNRECOGNIZED;
                }
                Boolean yes = ConfigValidation.parseYesNo(a.get(1));
                if (yes == null) {
                    return k.equals("deny-scripts-reconfig")
                            ? "Please specify yes or no for the deny-scripts-reconfig options."
                            : "Please specify yes or no for the " + k + " option.";
                }
                if (k.equals("deny-scripts-reconfig")) {
                    denyScriptsReconfig = yes;
                } else if (k.equals("resolve-hostnames")) {
                    resolveHostnames = yes;
                } else {
                    announceHostnames = yes;
                }
                return null;
            }
            case "announce-ip":
            case "sentinel-user":
            case "sentinel-pass":
                if (argc != 2) {
                    return UNRECOGNIZED;
                }
                if (!a.get(1).isEmpty()) {
                    if (k.equals("announce-ip")) {
                        announceIp = a.get(1);
                    } else if (k.equals("sentinel-user")) {
                        sentinelUser = a.get(1);
                    } else {
                        sentinelPass = a.get(1);
                    }
                }
                return null;
            case "announce-port":
                if (argc != 2) {
                    return UNRECOGNIZED;
                }
                announcePort = ConfigValidation.atoi(a.get(1));
                return null;
            case "forget-stale-after-milliseconds": {
                if (argc != 2) {
                    return UNRECOGNIZED;
                }
                // jsentinel's own directive: strict, unlike the atoi Redis applies to its numbers
                long ms = strictNonNegative(a.get(1));
                if (ms < 0) {
                    return "forget-stale-after-milliseconds needs milliseconds: 0 (never forget) or more.";
                }
                forgetStaleAfterMillis = ms;
                return null;
            }
            case "state-file":
                return argc != 2 ? UNRECOGNIZED : stateFile(a.get(1));
            default:
                return handleMasterOption(k, a);
        }
    }

    private String handleMasterOption(String k, List<String> a) {
        int argc = a.size();
        boolean shapeOk = switch (k) {
            case "down-after-milliseconds", "failover-timeout", "parallel-syncs", "notification-script",
                    "client-reconfig-script", "auth-pass", "auth-user", "master-reboot-down-after-period",
                    "config-epoch", "leader-epoch", "live-sentinels-seen" -> argc == 3;
            case "known-slave", "known-replica", "rename-command", "former-master-address" -> argc == 4;
            case "known-sentinel" -> argc == 4 || argc == 5;
            default -> false;
        };
        if (!shapeOk) {
            return UNRECOGNIZED;
        }
        MasterState m = masters.get(a.get(1));
        if (m == null) {
            return NO_SUCH_MASTER;
        }
        String v = a.get(2);
        switch (k) {
            case "down-after-milliseconds", "failover-timeout" -> {
                int ms = ConfigValidation.atoi(v);
                if (ms <= 0) {
                    return "negative or zero time parameter.";
                }
                if (k.equals("failover-timeout")) {
                    m.failoverTimeout = ms;
                } else {
                    m.downAfter = ms;
                }
            }
            case "parallel-syncs" -> m.parallelSyncs = ConfigValidation.atoi(v);
            case "notification-script", "client-reconfig-script" -> {
                if (!ConfigValidation.isExecutable(workingDir, v)) {
                    return k.equals("notification-script")
                            ? ConfigValidation.NOTIFICATION_SCRIPT_ERROR + "."
                            : ConfigValidation.RECONFIG_SCRIPT_ERROR + ".";
                }
                if (k.equals("notification-script")) {
                    m.notificationScript = v;
                } else {
                    m.clientReconfigScript = v;
                }
            }
            case "auth-pass" -> m.authPass = v;
            case "auth-user" -> m.authUser = v;
            case "master-reboot-down-after-period" -> {
                int ms = ConfigValidation.atoi(v);
                if (ms < 0) {
                    return "negative time parameter.";
                }
                m.rebootDownAfter = ms;
            }
            case "config-epoch" -> {
                m.configEpoch = ConfigValidation.strtoull(v);
                raiseEpoch(m.configEpoch);
            }
            case "leader-epoch" -> m.leaderEpoch = ConfigValidation.strtoull(v);
            case "live-sentinels-seen" -> {
                long n = strictNonNegative(v);
                if (n < 0 || n > Integer.MAX_VALUE) {
                    return "live-sentinels-seen needs a count of sentinels.";
                }
                m.liveSentinelsSeen = (int) n;
            }
            case "known-slave", "known-replica" -> {
                int port = ConfigValidation.atoi(a.get(3));
                String err = checkAddress(v, port);
                if (err != null) {
                    return err;
                }
                Endpoint ep = new Endpoint(v, port);
                if (m.replicas.contains(ep)) {
                    return "Duplicate hostname and port for replica.";
                }
                m.replicas.add(ep);
            }
            case "former-master-address" -> {
                int port = ConfigValidation.atoi(a.get(3));
                String err = checkAddress(v, port);
                if (err != null) {
                    return err;
                }
                m.formerAddresses.add(new Endpoint(v, port));
            }
            case "known-sentinel" -> {
                if (a.size() == 5) {
                    int port = ConfigValidation.atoi(a.get(3));
                    String err = checkAddress(v, port);
                    if (err != null) {
                        return err;
                    }
                    String runId = a.get(4);
                    if (m.sentinels.stream().anyMatch(s -> s.runId().equals(runId))) {
                        return "Duplicate runid for sentinel.";
                    }
                    m.sentinels.add(new KnownSentinel(v, port, runId));
                }
            }
            case "rename-command" -> {
                if (m.renamedKeys.containsKey(v)) {
                    return "Same command renamed multiple times with rename-command.";
                }
                m.renamedKeys.put(v, v);
                m.renamed.put(v, a.get(3));
            }
            default -> {
                return UNRECOGNIZED;
            }
        }
        return null;
    }

    /**
     * jsentinel's {@code sentinel state-file <path>}: relative to the final {@code dir}, as Redis opens its
     * other files after its chdir. It may not be the config file itself, which that mode never writes.
     */
    private String stateFile(String value) {
        if (value.isEmpty()) {
            return "state-file needs a file name.";
        }
        Path p;
        try {
            p = ServerSettings.resolveIn(workingDir, value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return "Invalid state-file path.";
        }
        if (p.equals(configFile)) {
            return "state-file must not be the configuration file itself.";
        }
        stateFile = p;
        return null;
    }

    /** The state file named by {@code sentinel state-file}, absolute; null when there is none. */
    Path stateFile() {
        return stateFile;
    }

    /** Redis' {@code createSentinelAddr} checks (no DNS: hostnames pass when resolve-hostnames is on). */
    private String checkAddress(String host, int port) {
        if (!ConfigValidation.isValidPort(port)) {
            return "Invalid port number.";
        }
        if (!resolveHostnames && !ConfigValidation.isIpLiteral(host)) {
            return "Can't resolve instance hostname.";
        }
        return null;
    }

    /** A number as Redis' {@code string2ll} reads it, when it is not negative; else -1. */
    private static long strictNonNegative(String s) {
        Long v = ConfigValidation.string2ll(s);
        return v == null || v < 0 ? -1 : v;
    }

    private void raiseEpoch(long epoch) {
        if (Long.compareUnsigned(epoch, currentEpoch) > 0) {
            currentEpoch = epoch;
        }
    }

    SentinelConfig build(ServerSettings server) {
        List<MasterConfig> list = new ArrayList<>();
        for (MasterState m : masters.values()) {
            list.add(new MasterConfig(m.name, m.host, m.port, m.quorum, m.downAfter, m.failoverTimeout,
                    m.parallelSyncs, m.authUser, m.authPass, m.notificationScript, m.clientReconfigScript,
                    m.rebootDownAfter, m.renamed, m.configEpoch, m.leaderEpoch, m.replicas, m.sentinels,
                    m.liveSentinelsSeen, m.formerAddresses));
        }
        return new SentinelConfig(myId, currentEpoch, denyScriptsReconfig, resolveHostnames, announceHostnames,
                announceIp, announcePort, sentinelUser, sentinelPass, server, list, forgetStaleAfterMillis);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static final class MasterState {
        final String name;
        final String host;
        final int port;
        final int quorum;
        long downAfter = Defaults.DOWN_AFTER_MILLIS;
        long failoverTimeout = Defaults.FAILOVER_TIMEOUT_MILLIS;
        int parallelSyncs = Defaults.PARALLEL_SYNCS;
        String authUser;
        String authPass;
        String notificationScript;
        String clientReconfigScript;
        long rebootDownAfter;
        long configEpoch;
        long leaderEpoch;
        int liveSentinelsSeen;
        final List<Endpoint> formerAddresses = new ArrayList<>();
        final List<Endpoint> replicas = new ArrayList<>();
        final List<KnownSentinel> sentinels = new ArrayList<>();
        final Map<String, String> renamed = new LinkedHashMap<>();
        final Map<String, String> renamedKeys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        MasterState(String name, String host, int port, int quorum) {
            this.name = name;
            this.host = host;
            this.port = port;
            this.quorum = quorum;
        }
    }
}
