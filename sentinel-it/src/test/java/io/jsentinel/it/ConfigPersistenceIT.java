package io.jsentinel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.RawResp;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sentinel.conf is the sentinel's database: generated ids and runtime changes are written to it and survive
 * restarts; a bad line or an unwritable file stops start-up. Runs on each enabled kind, so the real
 * binary documents the expected behaviour.
 */
@Tag("it")
@Tag("config")
@ExtendWith(DumpLogsOnFailure.class)
class ConfigPersistenceIT {
    private static final Pattern MYID = Pattern.compile("(?m)^sentinel myid ([0-9a-f]{40})$");
    private static RedisNode master;

    @BeforeAll
    static void startMaster() {
        master = RedisNode.builder().name("master").start();
    }

    @AfterAll
    static void stopMaster() {
        if (master != null) {
            master.stop();
        }
    }

    static Stream<SentinelKind> kinds() {
        return SentinelKind.enabled().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void generatedMyIdIsWrittenAndKeptAcrossRestart(SentinelKind kind) {
        SentinelNode s = SentinelNode.builder(kind).monitor("mymaster", master.port(), 1).start();
        try {
            String id = s.myId();
            assertThat(id).hasSize(40);
            Matcher m = MYID.matcher(s.confText());
            assertThat(m.find()).as("sentinel myid line in\n%s", s.confText()).isTrue();
            assertThat(m.group(1)).isEqualTo(id);

            s.restart();
            assertThat(s.myId()).isEqualTo(id);
        } finally {
            s.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void monitorSetAndRemoveArePersisted(SentinelKind kind) {
        SentinelNode s = SentinelNode.builder(kind).monitor("mymaster", master.port(), 1).start();
        try {
            String mp = Integer.toString(master.port());
            assertThat(s.sentinel("MONITOR", "other", "127.0.0.1", mp, "1").str()).isEqualTo("OK");
            assertThat(s.confText()).contains("sentinel monitor other 127.0.0.1 " + mp + " 1\n");

            assertThat(s.sentinel("SET", "other", "down-after-milliseconds", "4321", "failover-timeout", "7654",
                    "quorum", "2").str()).isEqualTo("OK");
            assertThat(s.confText()).contains("sentinel monitor other 127.0.0.1 " + mp + " 2\n",
                    "sentinel down-after-milliseconds other 4321\n", "sentinel failover-timeout other 7654\n");

            s.restart();
            Resp other = s.master("other");
            assertThat(other.fieldStr("down-after-milliseconds")).isEqualTo("4321");
            assertThat(other.fieldStr("failover-timeout")).isEqualTo("7654");
            assertThat(other.fieldStr("quorum")).isEqualTo("2");

            assertThat(s.sentinel("REMOVE", "other").str()).isEqualTo("OK");
            assertThat(s.confText()).doesNotContain(" other ");
            s.restart();
            assertThat(s.master("other").toString()).isEqualTo("-\"ERR No such master with that name\"");
            assertThat(s.master("mymaster").isError()).isFalse();
        } finally {
            s.stop();
        }
    }

    /**
     * The config injection of docs/security.md, side by side: redis-sentinel 7.0.15 takes a newline in a
     * SENTINEL SET value and writes it into sentinel.conf as a directive of its own; jsentinel refuses it and
     * leaves the file as it was, and a value with a space and a quote survives a restart intact.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void controlCharactersCannotWriteDirectivesIntoTheFile(SentinelKind kind) {
        SentinelNode s = SentinelNode.builder(kind).monitor("mymaster", master.port(), 1).start();
        try {
            String before = s.confText();
            Resp pass = s.sentinel("SET", "mymaster", "auth-pass", "pw\nsentinel monitor evil 127.0.0.1 1 1");
            Resp user = s.sentinel("SET", "mymaster", "auth-user", "u\r\nport 1");
            Resp announce = s.sentinel("CONFIG", "SET", "announce-ip", "1.2.3.4\nsentinel myid x");
            if (kind == SentinelKind.REAL) {
                // the finding: +OK, and the attacker's lines are directives in the file
                assertThat(pass.str()).isEqualTo("OK");
                assertThat(user.str()).isEqualTo("OK");
                assertThat(s.confText()).contains("\nsentinel monitor evil 127.0.0.1 1 1\n", "\nport 1\n");
                return;
            }
            String refused = "ERR Invalid argument: control characters are not allowed in SENTINEL SET arguments";
            assertThat(pass.isError()).isTrue();
            assertThat(pass.str()).isEqualTo(refused);
            assertThat(user.str()).isEqualTo(refused);
            assertThat(announce.str()).isEqualTo(
                    "ERR Invalid argument: control characters are not allowed in SENTINEL CONFIG SET arguments");
            assertThat(s.sentinel("MONITOR", "evil\nport 1", "127.0.0.1", "1", "1").str()).isEqualTo(
                    "ERR Invalid argument: control characters are not allowed in SENTINEL MONITOR arguments");
            assertThat(s.confText()).isEqualTo(before);

            assertThat(s.sentinel("CONFIG", "SET", "sentinel-user", "a b\"c").str()).isEqualTo("OK");
            assertThat(s.confText()).contains("sentinel sentinel-user \"a b\\\"c\"\n");
            s.restart();
            assertThat(s.sentinel("CONFIG", "GET", "sentinel-user").list().get(1).str()).isEqualTo("a b\"c");
            assertThat(s.master("evil").isError()).isTrue();
        } finally {
            s.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void portArgumentOverridesTheFile(SentinelKind kind) {
        int filePort = FreePorts.next();
        SentinelNode s = SentinelNode.builder(kind).monitor("mymaster", master.port(), 1)
                .confPortOverriddenByArg(filePort).start();
        try {
            assertThat(s.port()).isNotEqualTo(filePort);
            assertThat(s.call("PING").str()).isEqualTo("PONG");
            assertThat(canConnect(filePort)).as("nothing listens on the file's port %d", filePort).isFalse();
            // redis-sentinel's start-up rewrite persists the effective port over the file's own line
            assertThat(s.confText()).startsWith("port " + s.port() + "\n").doesNotContain("port " + filePort);
        } finally {
            s.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void brokenLineStopsStartUpNamingLineAndText(SentinelKind kind) {
        String bad = "sentinel down-after-milliseconds mymaster -5";
        SentinelNode s = SentinelNode.builder(kind).rawConf("port %PORT%\nbind 127.0.0.1\n"
                + "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1\n" + bad + "\n").create();
        int status = s.startExpectingExit(Duration.ofSeconds(20));
        assertThat(status).isEqualTo(1);
        assertThat(s.logText()).contains("at line 4", ">>> '" + bad + "'", "negative or zero time parameter.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void unwritableConfigRefusesToStart(SentinelKind kind) throws Exception {
        SentinelNode s = SentinelNode.builder(kind).monitor("mymaster", master.port(), 1).create();
        makeReadOnly(s.conf(), true);
        try {
            int status = s.startExpectingExit(Duration.ofSeconds(20));
            assertThat(status).isEqualTo(1);
            assertThat(s.logText()).contains("Sentinel config file " + s.conf() + " is not writable");
        } finally {
            makeReadOnly(s.conf(), false);
        }
    }

    /** chmod is not enough for root, which ignores permission bits: use the immutable attribute then. */
    private static void makeReadOnly(Path file, boolean readOnly) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        ProcessBuilder pb = root ? new ProcessBuilder("chattr", readOnly ? "+i" : "-i", file.toString())
                : new ProcessBuilder("chmod", readOnly ? "444" : "644", file.toString());
        int rc = pb.inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(pb.command() + " failed with " + rc);
        }
    }

    private static boolean canConnect(int port) {
        try (RawResp c = RawResp.connect(port, Duration.ofMillis(500))) {
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
