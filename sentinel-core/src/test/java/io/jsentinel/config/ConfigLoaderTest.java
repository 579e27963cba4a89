package io.jsentinel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsentinel.link.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Error texts checked against redis-server/redis-sentinel 7.0.15 with the same lines. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private LoadedConfig parse(String text) throws ConfigException {
        return ConfigLoader.parse(text, List.of(), true, dir);
    }

    private ConfigException error(String text) {
        return catchError(() -> parse(text));
    }

    private static ConfigException catchError(ThrowingLoad load) {
        try {
            load.run();
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    interface ThrowingLoad {
        void run() throws ConfigException;
    }

    static Stream<Arguments> genericErrors() {
        return Stream.of(
                Arguments.of("port 99999", "argument must be between 0 and 65535 inclusive"),
                Arguments.of("port -1", "argument must be between 0 and 65535 inclusive"),
                Arguments.of("port abc", "argument couldn't be parsed into an integer"),
                Arguments.of("port 05", "argument couldn't be parsed into an integer"),
                Arguments.of("port +5", "argument couldn't be parsed into an integer"),
                Arguments.of("port 1 2", "wrong number of arguments"),
                Arguments.of("port", "wrong number of arguments"),
                Arguments.of("protected-mode maybe", "argument must be 'yes' or 'no'"),
                Arguments.of("loglevel nothing", "argument(s) must be one of the following: debug, verbose, notice, warning"),
                Arguments.of("maxmemory 1.5gb", "argument must be a memory value"),
                Arguments.of("maxmemory -1", "argument must be a memory value"),
                Arguments.of("proto-max-bulk-len 0", "argument must be between 1048576 and 9223372036854775807 inclusive"),
                Arguments.of("save 1", "Invalid save parameters"),
                Arguments.of("save 0 1", "Invalid save parameters"),
                Arguments.of("client-output-buffer-limit master 0 0 0", "Invalid client class specified in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit normal 1x 0 0", "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit normal 0 0", "Wrong number of arguments in buffer limit configuration."),
                Arguments.of("notify-keyspace-events KEAq", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
                Arguments.of("oom-score-adj-values 0 200 3000", "Invalid oom-score-adj-values, elements must be between -2000 and 2000."),
                Arguments.of("oom-score-adj-values 1", "wrong number of arguments"),
                Arguments.of("latency-tracking-info-percentiles 50 abc", "Invalid latency-tracking-info-percentiles parameters"),
                Arguments.of("latency-tracking-info-percentiles 50 101", "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"),
                Arguments.of("replicaof 1.2.3.4 x", "Invalid master port"),
                Arguments.of("slaveof 1.2.3.4 70000", "Invalid master port"),
                Arguments.of("bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "Too many bind addresses specified."),
                Arguments.of("dir /nonexistent-dir-xyz", "No such file or directory"),
                Arguments.of("unixsocketperm 999", "argument couldn't be parsed as an octal number"),
                Arguments.of("maxmemory-clients 200%", "percentage argument must be less or equal to 100"),
                Arguments.of("proc-title-template {x}", "template format is invalid or contains unknown variables"),
                Arguments.of("ignore-warnings x y", "wrong number of arguments"),
                Arguments.of("bogus 1", "Bad directive or wrong number of arguments"),
                Arguments.of("include", "Bad directive or wrong number of arguments"),
                Arguments.of("user", "Bad directive or wrong number of arguments"),
                Arguments.of("user x on foo", "Error in user declaration 'x': Syntax error"),
                Arguments.of("foo.bar", "Module config specified without value"),
                Arguments.of("rename-command GET X", "No such command in rename-command"),
                Arguments.of("rename-command PING INFO", "Target command name already exists"),
                Arguments.of("metrics-port 70000", "argument must be between 0 and 65535 inclusive"),
                Arguments.of("http-api maybe", "argument must be 'yes' or 'no'"),
                Arguments.of("http-api", "wrong number of arguments"),
                Arguments.of("http-auth basic", "argument(s) must be one of the following: none, acl, token"),
                Arguments.of("http-auth token", "http-auth token needs one file: http-auth token <file>"),
                Arguments.of("http-auth acl x", "wrong number of arguments"),
                Arguments.of("a \"b", "Unbalanced quotes in configuration line"),
                Arguments.of("a 'b'c", "Unbalanced quotes in configuration line"));
    }

    @ParameterizedTest
    @MethodSource("genericErrors")
    void genericDirectiveErrors(String line, String reason) {
        ConfigException e = error("# comment\n\n" + line + "\nport 1\n");
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.lineNumber()).isEqualTo(3);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.getMessage()).isEqualTo("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 3\n>>> '" + line + "'\n" + reason);
        assertThat(e.stderrText()).startsWith("\n*** FATAL").endsWith(reason + "\n");
    }

    static Stream<Arguments> sentinelErrors() {
        String m = "sentinel monitor m 1.2.3.4 1 1\n";
        return Stream.of(
                Arguments.of("sentinel foo", "Unrecognized sentinel configuration statement."),
                Arguments.of("sentinel myid abc", "Malformed Sentinel id in myid option."),
                Arguments.of("sentinel myid", "Unrecognized sentinel configuration statement."),
                Arguments.of("sentinel down-after-milliseconds nomaster 5", "No such master with specified name."),
                Arguments.of("sentinel monitor m 1.2.3.4 1 x", "Quorum must be 1 or greater."),
                Arguments.of("sentinel monitor m 1.2.3.4 99999 1", "Invalid port number."),
                Arguments.of("sentinel monitor m 1.2.3.4 -1 1", "Invalid port number."),
                Arguments.of("sentinel monitor m localhost 1 1", "Can't resolve instance hostname."),
                Arguments.of("sentinel deny-scripts-reconfig maybe", "Please specify yes or no for the deny-scripts-reconfig options."),
                Arguments.of("sentinel resolve-hostnames maybe", "Please specify yes or no for the resolve-hostnames option."),
                Arguments.of("sentinel announce-hostnames maybe", "Please specify yes or no for the announce-hostnames option."),
                Arguments.of(m + "sentinel monitor m 1.2.3.5 1 1", "Duplicate master name."),
                Arguments.of(m + "sentinel down-after-milliseconds m 0", "negative or zero time parameter."),
                Arguments.of(m + "sentinel down-after-milliseconds m x", "negative or zero time parameter."),
                Arguments.of(m + "sentinel failover-timeout m -5", "negative or zero time parameter."),
                Arguments.of(m + "sentinel master-reboot-down-after-period m -1", "negative time parameter."),
                Arguments.of(m + "sentinel notification-script m /nonexistent", "Notification script seems non existing or non executable."),
                Arguments.of(m + "sentinel client-reconfig-script m /nonexistent", "Client reconfiguration script seems non existing or non executable."),
                Arguments.of(m + "sentinel rename-command m a b\nsentinel rename-command m A c", "Same command renamed multiple times with rename-command."),
                Arguments.of(m + "sentinel known-replica m 1.2.3.4 5\nsentinel known-slave m 1.2.3.4 5", "Duplicate hostname and port for replica."),
                Arguments.of(m + "sentinel known-replica m h 1", "Can't resolve instance hostname."),
                Arguments.of(m + "sentinel known-replica m 1.2.3.4 5 6", "Unrecognized sentinel configuration statement."),
                Arguments.of(m + "sentinel known-sentinel m 1.2.3.5 1 r1\nsentinel known-sentinel m 1.2.3.6 1 r1", "Duplicate runid for sentinel."),
                Arguments.of(m + "sentinel auth-pass m", "Unrecognized sentinel configuration statement."),
                Arguments.of("sentinel forget-stale-after-milliseconds 10s",
                        "forget-stale-after-milliseconds needs milliseconds: 0 (never forget) or more."),
                Arguments.of("sentinel forget-stale-after-milliseconds -1",
                        "forget-stale-after-milliseconds needs milliseconds: 0 (never forget) or more."),
                Arguments.of("sentinel forget-stale-after-milliseconds", "Unrecognized sentinel configuration statement."),
                Arguments.of(m + "sentinel live-sentinels-seen m three", "live-sentinels-seen needs a count of sentinels."),
                Arguments.of("sentinel live-sentinels-seen nosuch 3", "No such master with specified name."));
    }

    @ParameterizedTest
    @MethodSource("sentinelErrors")
    void sentinelDirectiveErrorsNameTheLastLine(String text, String reason) {
        ConfigException e = error("port 0\n" + text);
        String[] lines = text.split("\n");
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.lineNumber()).isEqualTo(lines.length + 1);
        assertThat(e.line()).isEqualTo(lines[lines.length - 1]);
    }

    @Test
    void sentinelLineOutsideSentinelMode() {
        ConfigException e = catchError(() -> ConfigLoader.parse("sentinel monitor m 1.2.3.4 1 1", List.of(), false, dir));
        assertThat(e.reason()).isEqualTo("sentinel directive while not in sentinel mode");
        assertThat(e.lineNumber()).isEqualTo(1);
    }

    @Test
    void lenientNumbersAsRedisParsesThem() throws Exception {
        SentinelConfig c = parse("sentinel current-epoch x\nsentinel announce-port 99999\n"
                + "sentinel monitor m 1.2.3.4 6379 2\nsentinel parallel-syncs m x\nsentinel config-epoch m 18446744073709551615\n"
                + "sentinel myid 0123456789abcdef0123456789abcdef0123456Z\nsentinel known-sentinel m 1.2.3.5 1\n").config();
        assertThat(c.announcePort()).isEqualTo(99999);
        assertThat(c.masters().get(0).parallelSyncs()).isZero();
        assertThat(Long.toUnsignedString(c.masters().get(0).configEpoch())).isEqualTo("18446744073709551615");
        assertThat(Long.toUnsignedString(c.currentEpoch())).isEqualTo("18446744073709551615");
        assertThat(c.masters().get(0).knownSentinels()).isEmpty();
    }

    @Test
    void sentinelDirectivesApplyInThreePasses() throws Exception {
        // per-master lines before their monitor line, hostnames before resolve-hostnames, epochs: larger wins
        SentinelConfig c = parse("""
                sentinel known-replica m host.example 6380
                sentinel down-after-milliseconds m 5000
                sentinel config-epoch m 9
                sentinel monitor m host.example 6379 2
                sentinel current-epoch 3
                sentinel resolve-hostnames yes
                sentinel deny-scripts-reconfig no
                sentinel announce-ip ""
                SENTINEL MYID 0123456789abcdef0123456789abcdef01234567
                """).config();
        MasterConfig m = c.masters().get(0);
        assertThat(m.host()).isEqualTo("host.example");
        assertThat(m.downAfterMillis()).isEqualTo(5000);
        assertThat(m.knownReplicas()).containsExactly(new Endpoint("host.example", 6380));
        assertThat(c.currentEpoch()).isEqualTo(9);
        assertThat(c.resolveHostnames()).isTrue();
        assertThat(c.denyScriptsReconfig()).isFalse();
        assertThat(c.announceIp()).isNull();
        assertThat(c.myId()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    }

    @Test
    void theForgettingRuleIsOffUnlessSetAndItsLinesRoundTrip() throws Exception {
        String base = "port 0\nsentinel monitor m 1.2.3.4 6379 2\n";
        LoadedConfig off = parse(base);
        assertThat(off.config().forgetStaleAfterMillis()).isZero();
        assertThat(off.config().masters().get(0).liveSentinelsSeen()).isZero();
        assertThat(off.document().rewrite(off.config())).doesNotContain("forget-stale").doesNotContain("live-sentinels");

        LoadedConfig on = parse(base + "sentinel live-sentinels-seen m 3\nsentinel forget-stale-after-milliseconds 15000\n"
                + "sentinel former-master-address m 1.2.3.9 6379\n");
        assertThat(on.config().forgetStaleAfterMillis()).isEqualTo(15_000);
        assertThat(on.config().masters().get(0).liveSentinelsSeen()).isEqualTo(3);
        String rewritten = on.document().rewrite(on.config());
        assertThat(rewritten).contains("sentinel forget-stale-after-milliseconds 15000\n")
                .contains("sentinel live-sentinels-seen m 3\n").contains("sentinel former-master-address m 1.2.3.9 6379\n");
        SentinelConfig again = parse(rewritten).config();
        assertThat(again.forgetStaleAfterMillis()).isEqualTo(15_000);
        assertThat(again.masters().get(0).liveSentinelsSeen()).isEqualTo(3);
        assertThat(again.masters().get(0).formerAddresses()).containsExactly(new Endpoint("1.2.3.9", 6379));
    }

    @Test
    void argvLinesFollowRedisMain() {
        assertThat(ConfigLoader.argvToLines(List.of("--port", "26380", "--sentinel", "announce-ip", "x")))
                .containsExactly("port \"26380\"", "sentinel \"announce-ip\" \"x\"");
        assertThat(ConfigLoader.argvToLines(List.of("--sentinel", "--port", "5")))
                .containsExactly("sentinel", "port \"5\"");
        assertThat(ConfigLoader.argvToLines(List.of("--loglevel", "--port", "5")))
                .containsExactly("loglevel \"--port\" \"5\"");
        assertThat(ConfigLoader.argvToLines(List.of("--save", "--port", "5"))).containsExactly("save \"\"", "port \"5\"");
        assertThat(ConfigLoader.argvToLines(List.of("--save"))).containsExactly("save \"\"");
        assertThat(ConfigLoader.argvToLines(List.of("--bogus", "a\"b", "x"))).containsExactly("bogus \"a\\\"b\" \"x\"");
        assertThat(ConfigLoader.argvToLines(List.of("--port 5", "--x"))).containsExactly("port 5", "x");
    }

    @Test
    void argvLinesAreNumberedAfterTheFileAndOverrideIt() throws Exception {
        // as redis-server s1.conf --sentinel --loglevel debug --bogus 1: line 6 (file ends with a newline)
        List<String> extra = ConfigLoader.argvToLines(List.of("--sentinel", "--loglevel", "debug", "--bogus", "1"));
        ConfigException e = catchError(() -> ConfigLoader.parse("port 26390\n# c\n", extra, true, dir));
        assertThat(e.lineNumber()).isEqualTo(6);
        assertThat(e.line()).isEqualTo("bogus \"1\"");
        // without a final newline: line 4 (redis-server s2.conf ... --bogus "a b")
        List<String> extra2 = ConfigLoader.argvToLines(List.of("--sentinel", "--loglevel", "debug", "--bogus", "a b"));
        assertThat(catchError(() -> ConfigLoader.parse("port 26390", extra2, true, dir)).lineNumber()).isEqualTo(4);

        LoadedConfig ok = ConfigLoader.parse("port 26390\nloglevel warning\n",
                ConfigLoader.argvToLines(List.of("--port", "26380", "--sentinel", "announce-ip", "1.2.3.4")), true, dir);
        assertThat(ok.config().server().port()).isEqualTo(26380);
        assertThat(ok.config().server().loglevel()).isEqualTo("warning");
        assertThat(ok.config().announceIp()).isEqualTo("1.2.3.4");
        assertThat(ok.document().rewrite(ok.config())).startsWith("port 26380\nloglevel warning\n");
    }

    @Test
    void includeIsRelativeToTheCurrentDirectoryAndReportsItsOwnLines() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "maxmemory 1gb\nsentinel monitor m 1.2.3.4 6379 2\n");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("inc2.conf"), "# x\nport abc\n");
        LoadedConfig c = ConfigLoader.parse("include inc.conf\n", List.of(), true, dir);
        assertThat(c.config().masters()).hasSize(1);
        assertThat(c.config().server().genericArgs("maxmemory")).containsExactly("1gb");

        ConfigException e = catchError(() -> ConfigLoader.parse("dir sub\ninclude inc2.conf\n", List.of(), true, dir));
        assertThat(e.lineNumber()).isEqualTo(2);
        assertThat(e.line()).isEqualTo("port abc");
        assertThat(e.path()).isEqualTo(sub.resolve("inc2.conf"));

        ConfigException missing = catchError(() -> ConfigLoader.parse("include nope.conf\n", List.of(), true, dir));
        assertThat(missing.getMessage()).isEqualTo("Fatal error, can't open config file 'nope.conf': No such file or directory");

        Files.writeString(sub.resolve("a.conf"), "loglevel debug\n");
        LoadedConfig globbed = ConfigLoader.parse("include sub/a*.conf\n", List.of(), true, dir);
        assertThat(globbed.config().server().loglevel()).isEqualTo("debug");
        assertThat(ConfigLoader.parse("include empty/*.conf\n", List.of(), true, dir).config().masters()).isEmpty();
    }

    @Test
    void loadFromFileRecordsThePath() throws Exception {
        Path f = dir.resolve("sentinel.conf");
        Files.writeString(f, "port 26400\nsentinel monitor m 10.0.0.1 6379 2\nsentinel bogus\n");
        ConfigException e = catchError(() -> ConfigLoader.load(f, List.of(), true, dir));
        assertThat(e.path()).isEqualTo(f);
        assertThat(e.lineNumber()).isEqualTo(3);
        ConfigException none = catchError(() -> ConfigLoader.load(dir.resolve("no.conf"), List.of(), true, dir));
        assertThat(none.reason()).contains("can't open config file");
    }

    @Test
    void scriptsMustBeExecutable() throws Exception {
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        SentinelConfig c = parse("sentinel monitor m 1.2.3.4 6379 2\nsentinel notification-script m " + script + "\n").config();
        assertThat(c.masters().get(0).notificationScript()).isEqualTo(script.toString());
        assertThat(ConfigValidation.checkNotificationScript(null, script.toString())).isNull();
        assertThat(ConfigValidation.checkClientReconfigScript(null, "/nonexistent"))
                .isEqualTo("Client reconfiguration script seems non existing or non executable");
    }

    /** Redis chdirs into {@code dir}: the suite sets scripts as {@code ../../tests/helpers/x.tcl} from there. */
    @Test
    void relativeScriptPathsAreCheckedFromTheConfiguredDir() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/sentinel_0"));
        Path script = Files.createDirectories(dir.resolve("helpers")).resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String relative = "../../helpers/notify.sh";
        SentinelConfig c = parse("dir work/sentinel_0\nsentinel monitor m 1.2.3.4 6379 2\n"
                + "sentinel notification-script m " + relative + "\n").config();
        assertThat(c.masters().get(0).notificationScript()).isEqualTo(relative);
        assertThat(c.server().resolve(relative)).isEqualTo(work.resolve(relative));
        assertThat(ConfigValidation.checkNotificationScript(work.toString(), relative)).isNull();
        assertThat(ConfigValidation.checkNotificationScript(dir.toString(), relative))
                .isEqualTo(ConfigValidation.NOTIFICATION_SCRIPT_ERROR);
        ConfigException e = catchError(() -> parse("sentinel monitor m 1.2.3.4 6379 2\n"
                + "sentinel notification-script m " + relative + "\n"));
        assertThat(e.reason()).isEqualTo(ConfigValidation.NOTIFICATION_SCRIPT_ERROR + ".");
    }

    @Test
    void serverSettingsAndDefaults() throws Exception {
        ServerSettings s = parse("bind 127.0.0.1 ::1\nrequirepass \"p w\"\nlogfile \"\"\ndaemonize YES\n"
                + "tls-port 6380\nuser alice on >pw ~* +@all\nmetrics-port 9121\nloglevel VERBOSE\n").config().server();
        assertThat(s.port()).isEqualTo(26379);
        assertThat(s.protectedMode()).isFalse();
        assertThat(s.bind()).containsExactly("127.0.0.1", "::1");
        assertThat(s.requirepass()).isEqualTo("p w");
        assertThat(s.daemonize()).isTrue();
        assertThat(s.loglevel()).isEqualTo("verbose");
        assertThat(s.genericArgs("tls-port")).containsExactly("6380");
        assertThat(s.userLines()).containsExactly(List.of("alice", "on", ">pw", "~*", "+@all"));
        assertThat(s.metricsPort()).isEqualTo(9121);
        assertThat(s.dir()).isEqualTo(dir.toAbsolutePath().normalize().toString());
    }

    @Test
    void httpApiDirectivesAreKeptAndRewritten() throws Exception {
        LoadedConfig loaded = parse("http-api YES\nhttp-auth token \"my token\"\n");
        ServerSettings s = loaded.config().server();
        assertThat(HttpDirectives.apiEnabled(s)).isTrue();
        assertThat(HttpDirectives.authMode(s)).isEqualTo("token");
        assertThat(HttpDirectives.tokenFile(s)).isEqualTo("my token");
        assertThat(loaded.document().rewrite(loaded.config()))
                .contains("http-api yes\n", "http-auth token \"my token\"\n");

        ServerSettings none = parse("port 1\n").config().server();
        assertThat(HttpDirectives.apiEnabled(none)).isFalse();
        assertThat(HttpDirectives.authMode(none)).isEqualTo("none");
        LoadedConfig off = parse("port 1\n");
        assertThat(off.document().rewrite(off.config())).doesNotContain("http-");
    }

    @Test
    void logFileThatCannotBeOpenedFailsWithoutLine() {
        ConfigException e = error("logfile /nonexistent-dir-xyz/x.log\n");
        assertThat(e.lineNumber()).isZero();
        assertThat(e.getMessage()).isEqualTo("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Can't open the log file: No such file or directory");
    }

    @Test
    void acceptsEveryDirectiveOfTheRealServerWithItsDefault() throws Exception {
        StringBuilder b = new StringBuilder();
        for (RedisDirectives.Spec s : RedisDirectives.all()) {
            if (s.kind() != RedisDirectives.Kind.SPECIAL && !s.name().equals("logfile") && !s.name().equals("unixsocket")) {
                b.append(s.name()).append(' ').append(ConfigTokenizer.repr(s.defaultValue())).append('\n');
            }
        }
        b.append("save 3600 1 300 100\nsave \"\"\nlist-max-ziplist-entries 5\nloadmodule /x.so a b\nsentinel\n");
        assertThat(parse(b.toString()).config()).isNotNull();
    }
}
