package io.jsentinel.config;

import io.jsentinel.link.Endpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The text of a state file (jsentinel's {@code sentinel state-file} mode): what the sentinel learns at run time,
 * in {@code sentinel.conf} syntax, kept apart from a {@code sentinel.conf} it never writes. Per master it records
 * the address of the {@code sentinel monitor} line the state belongs to, so that an edited monitor line
 * discards the state instead of being overridden by it.
 */
public final class StateFile {
    /** The first line of every state file. */
    static final String HEADER = "# jsentinel state file: generated, rewritten at every state change. Do not edit.";
    static final String UNRECOGNIZED = "Unrecognized state file statement.";

    /** What the file says about one master. */
    record MasterState(String name, Endpoint configured, Endpoint current, long configEpoch, long leaderEpoch,
                       List<Endpoint> replicas, List<KnownSentinel> sentinels, int liveSentinelsSeen,
                       List<Endpoint> formerAddresses) {
    }

    /** The parsed file. */
    record Content(String myId, long currentEpoch, Map<String, MasterState> masters) {
    }

    /** A config with the saved state applied, and what was discarded or overridden (for the log). */
    record Merged(SentinelConfig config, List<String> notes) {
    }

    private StateFile() {
    }

    /**
     * The file for {@code current}: {@code configured} maps each master to its monitor line's address;
     * {@code configFile} (may be null) is named in the header.
     */
    static String render(SentinelConfig current, Map<String, Endpoint> configured, Path configFile) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        if (configFile != null) {
            b.append("# The configuration is read from ").append(configFile).append(", which is never written.\n");
        }
        b.append("sentinel myid ").append(ConfigTokenizer.arg(current.myId())).append('\n');
        b.append("sentinel current-epoch ").append(Long.toUnsignedString(current.currentEpoch())).append('\n');
        for (MasterConfig m : current.masters()) {
            String n = ConfigTokenizer.arg(m.name());
            Endpoint now = new Endpoint(m.host(), m.port());
            line(b, "configured-address", n, address(configured.getOrDefault(m.name(), now)));
            line(b, "current-address", n, address(now));
            line(b, "config-epoch", n, Long.toUnsignedString(m.configEpoch()));
            line(b, "leader-epoch", n, Long.toUnsignedString(m.leaderEpoch()));
            if (m.liveSentinelsSeen() != 0) {
                line(b, "live-sentinels-seen", n, Integer.toString(m.liveSentinelsSeen()));
            }
            for (Endpoint f : m.formerAddresses()) {
                line(b, "former-master-address", n, address(f));
            }
            for (Endpoint r : m.knownReplicas()) {
                line(b, "known-replica", n, address(r));
            }
            for (KnownSentinel k : m.knownSentinels()) {
                if (k.runId() != null) {
                    line(b, "known-sentinel", n, ConfigTokenizer.arg(k.host()) + " " + k.port() + " "
                            + ConfigTokenizer.arg(k.runId()));
                }
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String option, String master, String rest) {
        b.append("sentinel ").append(option).append(' ').append(master).append(' ').append(rest).append('\n');
    }

    private static String address(Endpoint e) {
        return ConfigTokenizer.arg(e.host()) + " " + e.port();
    }

    /**
     * Parses {@code text} read from {@code path}. Host names pass only with {@code resolveHostnames}, as in
     * {@code sentinel.conf}. Errors name the file and the line; a file without {@code sentinel myid} (empty,
     * cut short) is an error too, never a fresh start.
     */
    static Content parse(Path path, String text, boolean resolveHostnames) throws ConfigException {
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = ConfigTokenizer.trim(raw[i]);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            List<String> argv = ConfigTokenizer.split(line);
            if (argv == null) {
                throw ConfigException.inStateFile(path, i + 1, line, "Unbalanced quotes in configuration line");
            }
            if (argv.size() < 2 || !argv.get(0).equalsIgnoreCase("sentinel")) {
                throw ConfigException.inStateFile(path, i + 1, line, UNRECOGNIZED);
            }
            lines.add(new Line(argv.subList(1, argv.size()), i + 1, line));
        }
        Parser p = new Parser(resolveHostnames);
        // masters first, so that the per-master lines may come in any order, as in sentinel.conf
        for (boolean firstPass : new boolean[] {true, false}) {
            for (Line l : lines) {
                boolean early = switch (l.key()) {
                    case "myid", "current-epoch", "configured-address" -> true;
                    default -> false;
                };
                if (early == firstPass) {
                    try {
                        p.handle(l.args());
                    } catch (LineError e) {
                        throw ConfigException.inStateFile(path, l.number(), l.text(), e.getMessage());
                    }
                }
            }
        }
        if (p.myId == null) {
            throw ConfigException.stateFile(path, "The state file has no 'sentinel myid' line: it is damaged or "
                    + "not a state file. Restore it, or delete it to start this sentinel afresh.");
        }
        Map<String, MasterState> masters = new LinkedHashMap<>();
        p.masters.forEach((name, m) -> masters.put(name, m.build()));
        return new Content(p.myId, p.currentEpoch, masters);
    }

    /**
     * Applies the saved {@code state} to {@code conf} (the config file's own model). The config file wins:
     * its {@code sentinel myid}, when it has one, stays; a master whose monitor line now names another address
     * than the state was saved for keeps only what the config file says; state of masters the file no longer
     * monitors is dropped. Epochs never go back: the current epoch is the larger of both.
     */
    static Merged merge(SentinelConfig conf, Content state, Path stateFile) {
        List<String> notes = new ArrayList<>();
        String myId = conf.myId();
        if (myId == null) {
            myId = state.myId();
        } else if (!myId.equalsIgnoreCase(state.myId())) {
            notes.add("The config file's sentinel myid " + myId + " differs from " + state.myId() + " in the state "
                    + "file " + stateFile + ": using the config file's");
        }
        long currentEpoch = Long.compareUnsigned(conf.currentEpoch(), state.currentEpoch()) >= 0
                ? conf.currentEpoch() : state.currentEpoch();
        List<MasterConfig> masters = new ArrayList<>();
        for (MasterConfig m : conf.masters()) {
            MasterState s = state.masters().get(m.name());
            Endpoint monitorLine = new Endpoint(m.host(), m.port());
            if (s == null) {
                masters.add(m);
            } else if (!s.configured().equals(monitorLine)) {
                notes.add("The monitor line of master " + m.name() + " names " + describe(monitorLine)
                        + ", the state file " + stateFile + " was saved for " + describe(s.configured())
                        + ": its saved state is discarded");
                masters.add(m);
            } else {
                masters.add(new MasterConfig(m.name(), s.current().host(), s.current().port(), m.quorum(),
                        m.downAfterMillis(), m.failoverTimeoutMillis(), m.parallelSyncs(), m.authUser(),
                        m.authPass(), m.notificationScript(), m.clientReconfigScript(),
                        m.masterRebootDownAfterPeriodMillis(), m.renamedCommands(), s.configEpoch(),
                        s.leaderEpoch(), s.replicas(), s.sentinels(), s.liveSentinelsSeen(),
                        s.formerAddresses()));
            }
        }
        for (String name : state.masters().keySet()) {
            if (conf.masters().stream().noneMatch(m -> m.name().equals(name))) {
                notes.add("Master " + name + " is in the state file " + stateFile + " but no longer monitored: "
                        + "its saved state is dropped");
            }
        }
        return new Merged(new SentinelConfig(myId, currentEpoch, conf.denyScriptsReconfig(), conf.resolveHostnames(),
                conf.announceHostnames(), conf.announceIp(), conf.announcePort(), conf.sentinelUser(),
                conf.sentinelPass(), conf.server(), masters, conf.forgetStaleAfterMillis()), notes);
    }

    private static String describe(Endpoint e) {
        return e.host() + ":" + e.port();
    }

    private record Line(List<String> args, int number, String text) {
        String key() {
            return args.get(0).toLowerCase(Locale.ROOT);
        }
    }

    /** A line the parser refuses, with the reason. */
    private static final class LineError extends Exception {
        private static final long serialVersionUID = 1L;

        LineError(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Parser {
        private final boolean resolveHostnames;
        String myId;
        long currentEpoch;
        final Map<String, Builder> masters = new LinkedHashMap<>();

        Parser(boolean resolveHostnames) {
            this.resolveHostnames = resolveHostnames;
        }

        void handle(List<String> a) throws LineError {
            String k = a.get(0).toLowerCase(Locale.ROOT);
            switch (k) {
                case "myid" -> {
                    arity(a, 2);
                    // only the length, as Redis checks sentinel.conf's myid, which wins over this one
                    if (a.get(1).length() != MyIds.LENGTH) {
                        throw new LineError("Malformed Sentinel id in myid option.");
                    }
                    myId = a.get(1);
                }
                case "current-epoch" -> {
                    arity(a, 2);
                    raise(epoch(a.get(1)));
                }
                case "configured-address" -> {
                    arity(a, 4);
                    Endpoint ep = endpoint(a.get(2), a.get(3));
                    if (masters.containsKey(a.get(1))) {
                        throw new LineError("Duplicate master name.");
                    }
                    masters.put(a.get(1), new Builder(a.get(1), ep));
                }
                case "current-address" -> {
                    arity(a, 4);
                    master(a).current = endpoint(a.get(2), a.get(3));
                }
                case "config-epoch" -> {
                    arity(a, 3);
                    Builder m = master(a);
                    m.configEpoch = epoch(a.get(2));
                    raise(m.configEpoch);
                }
                case "leader-epoch" -> {
                    arity(a, 3);
                    Builder m = master(a);
                    m.leaderEpoch = epoch(a.get(2));
                }
                case "live-sentinels-seen" -> {
                    arity(a, 3);
                    Builder m = master(a);
                    Long n = ConfigValidation.string2ll(a.get(2));
                    if (n == null || n < 0 || n > Integer.MAX_VALUE) {
                        throw new LineError("live-sentinels-seen needs a count of sentinels.");
                    }
                    m.liveSentinelsSeen = n.intValue();
                }
                case "former-master-address" -> {
                    arity(a, 4);
                    master(a).formerAddresses.add(endpoint(a.get(2), a.get(3)));
                }
                case "known-replica" -> {
                    arity(a, 4);
                    Builder m = master(a);
                    Endpoint ep = endpoint(a.get(2), a.get(3));
                    if (m.replicas.contains(ep)) {
                        throw new LineError("Duplicate hostname and port for replica.");
                    }
                    m.replicas.add(ep);
                }
                case "known-sentinel" -> {
                    arity(a, 5);
                    Builder m = master(a);
                    Endpoint ep = endpoint(a.get(2), a.get(3));
                    String runId = a.get(4);
                    if (m.sentinels.stream().anyMatch(s -> s.runId().equals(runId))) {
                        throw new LineError("Duplicate runid for sentinel.");
                    }
                    m.sentinels.add(new KnownSentinel(ep.host(), ep.port(), runId));
                }
                default -> throw new LineError(UNRECOGNIZED);
            }
        }

        private static void arity(List<String> a, int argc) throws LineError {
            if (a.size() != argc) {
                throw new LineError(UNRECOGNIZED);
            }
        }

        private Builder master(List<String> a) throws LineError {
            Builder m = masters.get(a.get(1));
            if (m == null) {
                throw new LineError("No configured-address line for this master.");
            }
            return m;
        }

        /** Redis' checks and wording for sentinel.conf's addresses. */
        private Endpoint endpoint(String host, String port) throws LineError {
            Long p = ConfigValidation.string2ll(port);
            if (p == null || !ConfigValidation.isValidPort(p)) {
                throw new LineError("Invalid port number.");
            }
            if (!ConfigValidation.isAcceptableHost(host, resolveHostnames)) {
                throw new LineError("Can't resolve instance hostname.");
            }
            return new Endpoint(host, p.intValue());
        }

        /** An unsigned 64-bit decimal; unlike Redis' strtoull, which reads garbage as 0, nothing else. */
        private static long epoch(String s) throws LineError {
            if (!s.isEmpty() && s.length() <= 20 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                try {
                    return Long.parseUnsignedLong(s);
                } catch (NumberFormatException e) {
                    // above 2^64-1: refused below
                }
            }
            throw new LineError("Invalid epoch.");
        }

        private void raise(long epoch) {
            if (Long.compareUnsigned(epoch, currentEpoch) > 0) {
                currentEpoch = epoch;
            }
        }
    }

    private static final class Builder {
        final String name;
        final Endpoint configured;
        Endpoint current;
        long configEpoch;
        long leaderEpoch;
        int liveSentinelsSeen;
        final List<Endpoint> formerAddresses = new ArrayList<>();
        final List<Endpoint> replicas = new ArrayList<>();
        final List<KnownSentinel> sentinels = new ArrayList<>();

        Builder(String name, Endpoint configured) {
            this.name = name;
            this.configured = configured;
        }

        MasterState build() {
            return new MasterState(name, configured, Objects.requireNonNullElse(current, configured), configEpoch,
                    leaderEpoch, List.copyOf(replicas), List.copyOf(sentinels), liveSentinelsSeen,
                    List.copyOf(formerAddresses));
        }
    }
}
