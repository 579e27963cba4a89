package io.jsentinel.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.ConfigDocument;
import io.jsentinel.config.ConfigLoader;
import io.jsentinel.config.ConfigTokenizer;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.resp.RespValue;
import io.jsentinel.server.AclStore;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Config injection, over the whole state (docs/security.md): random sequences of everything that changes
 * what sentinel.conf holds (SENTINEL MONITOR/SET/REMOVE/CONFIG SET/RESET, ACL SETUSER/DELUSER, hellos from
 * peers, INFO from nodes), with hostile characters in every argument (newlines, quotes, backslashes, spaces,
 * NUL, DEL, non-ASCII). Then the file the state rewrites must load back to the same state, must be a fixed
 * point of the rewrite, and must hold only the directives the state explains. jqwik prints the seed of a
 * failure; replay with {@code @Property(seed = "...")}.
 */
class ConfigInjectionProperties {
    private static final String BASE = """
            # operator's file
            port 26379
            sentinel deny-scripts-reconfig no
            sentinel resolve-hostnames yes
            sentinel monitor m0 127.0.0.1 6379 2
            """;
    private static final char[] HOSTILE = {'a', 'b', 'Z', '0', '9', ' ', '"', '\'', '\\', '\n', '\r', '\t', '\0',
        '\u0001', '\u000b', '\u007f', '#', ',', ':', '*', '~', '&', '>', 'é', '中', '.', '-'};
    private static final Set<String> SENTINEL_DIRECTIVES = Set.of("myid", "deny-scripts-reconfig",
            "resolve-hostnames", "announce-hostnames", "monitor", "down-after-milliseconds", "failover-timeout",
            "parallel-syncs", "notification-script", "client-reconfig-script", "auth-pass", "auth-user",
            "master-reboot-down-after-period", "config-epoch", "leader-epoch", "known-replica", "known-sentinel",
            "rename-command", "current-epoch", "announce-ip", "announce-port", "sentinel-user", "sentinel-pass");
    private static final Set<String> GLOBAL_SENTINEL_DIRECTIVES = Set.of("myid", "deny-scripts-reconfig",
            "resolve-hostnames", "announce-hostnames", "current-epoch", "announce-ip", "announce-port",
            "sentinel-user", "sentinel-pass");

    private static Path dir;
    private static String script;

    @BeforeContainer
    static void makeScript() throws IOException {
        dir = Files.createTempDirectory("jsentinel-injection-");
        // a real, executable script whose path itself needs quoting in the file
        Path s = Files.createDirectories(dir.resolve("scr ipts \"x\"")).resolve("notify 'é'.sh");
        Files.writeString(s, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        script = s.toString();
    }

    @AfterContainer
    static void removeScript() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** One step: what it does, and the arguments it does it with. */
    record Step(String kind, List<String> args) {
    }

    @Property(tries = 2000)
    void whatTheStateRewritesLoadsBackToTheSameStateAndNothingElse(@ForAll("steps") List<Step> steps)
            throws Exception {
        SentinelConfig initial = ConfigLoader.parse(BASE, List.of(), true, dir).config();
        FakeClock clock = new FakeClock();
        RecordingLinks links = new RecordingLinks();
        SentinelCore core = new SentinelCore(initial, c -> { }, links, clock, new Random(1));
        core.announcer.resolveWith(host -> host.equalsIgnoreCase("localhost") ? "127.0.0.1" : null);
        AclStore acl = new AclStore(null, List.of());
        core.setAclUsers(acl::userLines);
        core.start();
        for (Step step : steps) {
            apply(core, links, clock, acl, step);
        }

        SentinelConfig state = core.toConfig();
        ConfigDocument base = new ConfigDocument(null, BASE);
        String text = base.rewrite(state);
        SentinelConfig back = ConfigLoader.parse(text, List.of(), true, dir).config();

        assertThat(withoutServer(back)).as("reloaded state\n%s", text).isEqualTo(asLoaded(state));
        assertThat(back.server().userLines()).as("ACL users\n%s", text)
                .containsExactlyInAnyOrderElementsOf(state.server().userLines());
        // and the reloaded state's own rewrite is a fixed point: it loads back to itself and rewrites to itself
        String again = new ConfigDocument(null, text).rewrite(back);
        assertThat(ConfigLoader.parse(again, List.of(), true, dir).config()).isEqualTo(back);
        assertThat(new ConfigDocument(null, again).rewrite(back)).as("rewrite of the reloaded state").isEqualTo(again);
        assertOnlyExplainedDirectives(text, state);
    }

    /**
     * What loading does beyond reading: current-epoch is raised to the highest config-epoch (Redis does the
     * same; a hello can raise a master's config epoch above our current epoch without raising that).
     */
    private static SentinelConfig asLoaded(SentinelConfig c) {
        long epoch = c.currentEpoch();
        for (var m : c.masters()) {
            epoch = Long.compareUnsigned(m.configEpoch(), epoch) > 0 ? m.configEpoch() : epoch;
        }
        return withoutServer(new SentinelConfig(c.myId(), epoch, c.denyScriptsReconfig(), c.resolveHostnames(),
                c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(),
                c.server(), c.masters()));
    }

    private static SentinelConfig withoutServer(SentinelConfig c) {
        return new SentinelConfig(c.myId(), c.currentEpoch(), c.denyScriptsReconfig(), c.resolveHostnames(),
                c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(), c.sentinelPass(),
                ServerSettings.defaults(), c.masters());
    }

    /** Every line is a comment, blank, a line of the operator's file, or one the state accounts for. */
    private static void assertOnlyExplainedDirectives(String text, SentinelConfig state) {
        Set<String> masters = new HashSet<>();
        state.masters().forEach(m -> masters.add(m.name()));
        Set<String> users = new HashSet<>();
        state.server().userLines().forEach(u -> users.add(u.get(0)));
        users.add("default");
        int monitors = 0;
        int userLines = 0;
        for (String line : text.split("\n", -1)) {
            String trimmed = ConfigTokenizer.trim(line);
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> argv = ConfigTokenizer.split(trimmed);
            assertThat(argv).as("line reads back: %s", line).isNotNull().isNotEmpty();
            switch (argv.get(0)) {
                case "port", "dir", "latency-tracking-info-percentiles", "protected-mode" -> { }
                case "user" -> {
                    assertThat(users).as("user line %s", line).contains(argv.get(1));
                    userLines++;
                }
                case "sentinel" -> {
                    String what = argv.get(1);
                    assertThat(SENTINEL_DIRECTIVES).as("sentinel line %s", line).contains(what);
                    if (!GLOBAL_SENTINEL_DIRECTIVES.contains(what)) {
                        assertThat(masters).as("master of %s", line).contains(argv.get(2));
                    }
                    if (what.equals("monitor")) {
                        monitors++;
                    }
                }
                default -> throw new AssertionError("a directive the state does not explain: " + line);
            }
        }
        assertThat(monitors).isEqualTo(state.masters().size());
        assertThat(userLines).isEqualTo(users.size());
    }

    private static void apply(SentinelCore core, RecordingLinks links, FakeClock clock, AclStore acl, Step s) {
        List<String> a = s.args();
        switch (s.kind()) {
            case "command" -> core.commands().execute(bytes(a));
            case "hello" -> core.processHello(String.join(",", a));
            case "info" -> {
                // let the master links come up and answer the master's INFO with these replicas
                for (int i = 0; i < 12; i++) {
                    clock.advanceMillis(100);
                    core.tick();
                }
                for (RecordingLinks.Conn c : List.copyOf(links.opened)) {
                    if (!c.isOpen() && !c.closed) {
                        c.connect();
                    }
                }
                StringBuilder info = new StringBuilder("# Server\r\nrun_id:" + "1".repeat(40)
                        + "\r\n# Replication\r\nrole:master\r\n");
                for (int i = 0; i + 1 < a.size(); i += 2) {
                    info.append("slave").append(i / 2).append(":ip=").append(a.get(i)).append(",port=")
                            .append(a.get(i + 1)).append(",state=online,offset=1,lag=0\r\n");
                }
                for (RecordingLinks.Conn c : links.opened) {
                    if (c.isOpen() && !c.pubsub) {
                        c.reply("INFO", RespValue.bulk(info.toString()));
                    }
                }
            }
            case "acl-setuser" -> {
                if (AclStore.validName(a.get(0)) == null) {
                    acl.setUser(a.get(0), a.subList(1, a.size()));
                }
            }
            case "acl-deluser" -> {
                if (!a.get(0).equals("default")) {
                    acl.delete(a.get(0));
                }
            }
            default -> throw new IllegalArgumentException(s.kind());
        }
    }

    private static List<byte[]> bytes(List<String> a) {
        List<byte[]> out = new ArrayList<>();
        for (String s : a) {
            out.add(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---- generators ----------------------------------------------------------------------------------

    private static Arbitrary<String> hostile() {
        return Arbitraries.strings().withChars(HOSTILE).ofMinLength(0).ofMaxLength(10);
    }

    /** Mostly names that exist, so commands reach their checks; some hostile ones. */
    private static Arbitrary<String> masterName() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("m0", "m 1", "m\"2", "m'3", "m\\4", "é5", "#6", "\"\"")),
                Tuple.of(1, hostile())).map(s -> s);
    }

    private static Arbitrary<String> host() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("127.0.0.1", "10.0.0.9", "::1", "localhost", "a-b.c_d")),
                Tuple.of(1, hostile())).map(s -> s);
    }

    private static Arbitrary<String> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("pw", "p w", "p\"w", "p'w", "p\\w", "", "1000", "5", "-1", "x".repeat(40))),
                Tuple.of(3, hostile())).map(s -> s);
    }

    private static Arbitrary<String> runId() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withChars("0123456789abcdef").ofLength(40)),
                Tuple.of(1, Arbitraries.strings().withChars(HOSTILE).ofLength(40)),
                Tuple.of(1, hostile())).map(s -> s);
    }

    private static Arbitrary<Step> step(String kind, Arbitrary<List<String>> args) {
        return args.map(a -> new Step(kind, a));
    }

    private static Arbitrary<List<String>> list(Arbitrary<?>... parts) {
        List<Arbitrary<String>> strings = new ArrayList<>();
        for (Arbitrary<?> p : parts) {
            strings.add(p.map(String::valueOf));
        }
        return Combinators.combine(strings).as(l -> l);
    }

    private static Arbitrary<String> word(String... words) {
        return Arbitraries.of(words);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> port = Arbitraries.of("6379", "6380", "0", "65535", "x", "-1");
        Arbitrary<String> option = word("auth-pass", "auth-user", "notification-script", "client-reconfig-script",
                "down-after-milliseconds", "failover-timeout", "parallel-syncs", "quorum",
                "master-reboot-down-after-period");
        Arbitrary<String> scriptOrValue = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(script)),
                Tuple.of(1, value())).map(s -> s);
        Arbitrary<Step> monitor = step("command", list(word("SENTINEL"), word("MONITOR"), masterName(), host(),
                port, word("1", "2")));
        Arbitrary<Step> set = step("command", list(word("SENTINEL"), word("SET"), masterName(), option,
                scriptOrValue));
        Arbitrary<Step> rename = step("command", list(word("SENTINEL"), word("SET"), masterName(),
                word("rename-command"), value(), value()));
        Arbitrary<Step> remove = step("command", list(word("SENTINEL"), word("REMOVE"), masterName()));
        Arbitrary<Step> configSet = step("command", list(word("SENTINEL"), word("CONFIG"), word("SET"),
                word("announce-ip", "announce-port", "sentinel-user", "sentinel-pass", "resolve-hostnames",
                        "announce-hostnames"), value()));
        Arbitrary<Step> reset = step("command", list(word("SENTINEL"), word("RESET"), masterName()));
        Arbitrary<Step> hello = step("hello", list(host(), word("26379", "26380"), runId(),
                word("0", "1", "7", "18446744073709551615"), masterName(), host(), word("6379", "6380"),
                word("0", "1", "9")));
        Arbitrary<Step> info = step("info", list(host(), port, host(), port));
        Arbitrary<String> rule = Arbitraries.frequencyOf(
                Tuple.of(2, word("on", "off", ">pw", "nopass", "resetpass", "+@all", "-@all", "allkeys",
                        "resetchannels", "allchannels", "+ping", "-info")),
                Tuple.of(2, hostile().map(h -> "~" + h)),
                Tuple.of(2, hostile().map(h -> "&" + h)),
                Tuple.of(1, hostile().map(h -> ">" + h)),
                Tuple.of(1, hostile())).map(s -> s);
        Arbitrary<Step> setUser = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(2, word("alice", "bob")), Tuple.of(1, hostile())).map(s -> s),
                rule.list().ofMaxSize(4))
                .as((name, rules) -> {
                    List<String> a = new ArrayList<>();
                    a.add(name);
                    a.addAll(rules);
                    return new Step("acl-setuser", a);
                });
        Arbitrary<Step> delUser = step("acl-deluser", list(word("alice", "bob", "default")));
        return Arbitraries.frequencyOf(
                Tuple.of(3, monitor), Tuple.of(5, set), Tuple.of(1, rename), Tuple.of(1, remove),
                Tuple.of(2, configSet), Tuple.of(1, reset), Tuple.of(3, hello), Tuple.of(2, info),
                Tuple.of(2, setUser), Tuple.of(1, delUser))
                .list().ofMinSize(1).ofMaxSize(25);
    }
}
