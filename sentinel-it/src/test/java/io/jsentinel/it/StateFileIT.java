package io.jsentinel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jsentinel.it.support.DumpLogsOnFailure;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.Resp;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sentinel state-file} (docs/state-file.md) against a real master and replica: a jsentinel started from a
 * read-only sentinel.conf discovers the replica, fails over on {@code SENTINEL FAILOVER} and restarts, and
 * sentinel.conf stays byte for byte, inode and mtime what it was, while the state file holds the id, the epochs,
 * the new master address and the replicas, and gives them back after the restart.
 */
@Tag("it")
@Tag("config")
@ExtendWith(DumpLogsOnFailure.class)
class StateFileIT {
    private static final String NAME = "mymaster";

    @Test
    void sentinelConfIsNeverWrittenAndTheStateFileCarriesTheSentinelAcrossAFailoverAndARestart() throws Exception {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "jsentinel disabled by it.kinds");
        RedisNode master = RedisNode.builder().name("master").start();
        RedisNode replica = RedisNode.builder().name("replica").replicaOf(master).start();
        SentinelNode s = null;
        Path conf = null;
        boolean immutable = false;
        try {
            // relative to dir, as Redis opens its files after its chdir; dir is relative to the process directory
            s = SentinelNode.builder(SentinelKind.JSENTINEL).monitor(NAME, master.port(), 1).downAfter(2000)
                    .line("dir data").line("sentinel state-file sentinel.state").create();
            Files.createDirectories(s.dir().resolve("data"));
            Path state = s.dir().resolve("data/sentinel.state");
            conf = s.conf();
            // root writes through mode 0444, so "never written" is proven by content, inode and mtime below
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("r--r--r--"));
            FileFingerprint before = FileFingerprint.of(conf);

            s.start();
            String id = s.myId();
            assertThat(id).hasSize(40);
            assertThat(s.logText()).contains("Sentinel state is kept in " + state);
            // Redis writes a generated id into sentinel.conf at the first start: here it goes to the state file
            assertThat(FileFingerprint.of(conf)).as("sentinel.conf after the first start").isEqualTo(before);
            SentinelNode sentinel = s;
            await("replica discovered and its link up").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> sentinel.replicas(NAME).size() == 1
                            && "ok".equals(sentinel.replicas(NAME).get(0).fieldStr("master-link-status")));
            await("replica in the state file").atMost(Duration.ofSeconds(5))
                    .until(() -> read(state).contains(knownReplica(replica)));
            assertThat(read(state)).startsWith("# jsentinel state file").contains("sentinel myid " + id + "\n");

            Resp refused = s.sentinel("SET", NAME, "quorum", "2");
            assertThat(refused.isError()).isTrue();
            assertThat(refused.str()).isEqualTo(
                    "ERR sentinel.conf is read-only in state-file mode: change it there and restart");
            assertThat(s.sentinel("CONFIG", "SET", "announce-port", "1").str()).isEqualTo(refused.str());
            assertThat(s.sentinel("FLUSHCONFIG").str()).isEqualTo("OK");

            int mark = s.events().mark();
            assertThat(s.sentinel("FAILOVER", NAME).str()).isEqualTo("OK");
            assertThat(s.awaitEvent(mark, "+switch-master", NAME, Duration.ofSeconds(30)))
                    .as("+switch-master").isNotNull();
            assertThat(s.masterPort(NAME)).isEqualTo(replica.port());
            long epoch = Long.parseLong(s.master(NAME).fieldStr("config-epoch"));
            assertThat(epoch).isPositive();
            await("the old master listed as a replica").atMost(Duration.ofSeconds(10))
                    .until(() -> read(state).contains(knownReplica(master)));

            String saved = read(state);
            assertThat(saved).contains("sentinel myid " + id + "\n",
                    "sentinel current-epoch " + epoch + "\n",
                    "sentinel configured-address " + NAME + " 127.0.0.1 " + master.port() + "\n",
                    "sentinel current-address " + NAME + " 127.0.0.1 " + replica.port() + "\n",
                    "sentinel config-epoch " + NAME + " " + epoch + "\n");
            assertThat(saved).containsPattern("(?m)^sentinel leader-epoch " + NAME + " \\d+$");
            assertThat(FileFingerprint.of(conf)).isEqualTo(before);

            // the restart: now the file cannot be written even by root, which must not matter
            immutable = makeImmutable(conf, true);
            s.restart();
            assertThat(s.myId()).isEqualTo(id);
            assertThat(s.masterPort(NAME)).isEqualTo(replica.port());
            assertThat(s.master(NAME).fieldStr("config-epoch")).isEqualTo(Long.toString(epoch));
            assertThat(s.call("INFO", "sentinel").str()).contains("address=127.0.0.1:" + replica.port());
            Matcher epochLine = Pattern.compile("(?m)^sentinel current-epoch (\\d+)$").matcher(read(state));
            assertThat(epochLine.find()).isTrue();
            assertThat(Long.parseLong(epochLine.group(1))).isEqualTo(epoch);
            s.stop();
            assertThat(FileFingerprint.of(conf)).isEqualTo(before);
            assertThat(read(state)).contains("sentinel myid " + id + "\n",
                    "sentinel current-address " + NAME + " 127.0.0.1 " + replica.port() + "\n");
        } finally {
            if (immutable) {
                makeImmutable(conf, false);
            }
            if (s != null) {
                s.stop();
            }
            replica.stop();
            master.stop();
        }
    }

    /** A damaged state file, or one that cannot be written, stops start-up with a message naming it. */
    @Test
    void aDamagedOrUnwritableStateFileStopsStartUp() throws Exception {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.JSENTINEL), "jsentinel disabled by it.kinds");
        SentinelNode damaged = SentinelNode.builder(SentinelKind.JSENTINEL).monitor(NAME, 6379, 1)
                .line("sentinel state-file sentinel.state").create();
        Path state = damaged.dir().resolve("sentinel.state");
        Files.writeString(state, "sentinel myid " + "a".repeat(40) + "\nsentinel current-epoch many\n");
        assertThat(damaged.startExpectingExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(damaged.logText()).contains("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the state file " + state + ", at line 2\n"
                + ">>> 'sentinel current-epoch many'\nInvalid epoch.");
        assertThat(read(state)).endsWith("sentinel current-epoch many\n");

        SentinelNode nowhere = SentinelNode.builder(SentinelKind.JSENTINEL).monitor(NAME, 6379, 1)
                .line("sentinel state-file no-such-dir/sentinel.state").create();
        assertThat(nowhere.startExpectingExit(Duration.ofSeconds(30))).isEqualTo(1);
        Path missing = nowhere.dir().resolve("no-such-dir/sentinel.state");
        assertThat(nowhere.logText())
                .contains("# Sentinel state file " + missing + " is not writable: No such file or directory. "
                        + "Exiting...");
    }

    /** The line is jsentinel's: redis-sentinel 7.0.15 stops at it, as docs/state-file.md says. */
    @Test
    void redisSentinelRefusesTheLine() {
        Assumptions.assumeTrue(SentinelKind.isEnabled(SentinelKind.REAL), "redis-sentinel disabled by it.kinds");
        SentinelNode s = SentinelNode.builder(SentinelKind.REAL).monitor(NAME, 6379, 1)
                .line("sentinel state-file sentinel.state").create();
        assertThat(s.startExpectingExit(Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(s.logText()).contains(">>> 'sentinel state-file sentinel.state'",
                "Unrecognized sentinel configuration statement.");
    }

    /** What changes when a file is written in place or replaced by a rename. */
    private record FileFingerprint(String sha256, Object inode, long mtimeNanos, long size) {
        static FileFingerprint of(Path p) throws Exception {
            byte[] bytes = Files.readAllBytes(p);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new FileFingerprint(sha, Files.getAttribute(p, "unix:ino"),
                    Files.getLastModifiedTime(p).to(java.util.concurrent.TimeUnit.NANOSECONDS), bytes.length);
        }
    }

    private static String knownReplica(RedisNode node) {
        return "sentinel known-replica " + NAME + " 127.0.0.1 " + node.port() + "\n";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Root ignores mode bits: the immutable attribute stops it too. Returns whether it was set (only as root,
     * where it must succeed); for other users mode 0444 is already enough.
     */
    private static boolean makeImmutable(Path file, boolean on) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        ProcessBuilder pb = new ProcessBuilder("chattr", on ? "+i" : "-i", file.toString()).inheritIO();
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(pb.command() + " failed with " + rc);
        }
        return on;
    }
}
