package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/redis-sentinel} against the packaged jar (failsafe, after {@code package}): it must find
 * the jar from anywhere, including through a chain of symlinks, and behave like redis-sentinel's CLI.
 */
class BinScriptIT {
    private static final Path SCRIPT = Path.of("bin", "redis-sentinel").toAbsolutePath();

    @TempDir
    Path dir;

    record Result(int status, String stdout, String stderr) {
    }

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(Path.of("target", "redis-sentinel.jar")).exists();
    }

    private Result run(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("JSENTINEL_JAR");
        // no background class-data training from these short runs, except where a test asks for it
        pb.environment().put("JSENTINEL_CDS_ARCHIVE", "");
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void versionThroughSymlinkChain() throws Exception {
        Path first = dir.resolve("links/a/redis-sentinel");
        Files.createDirectories(first.getParent());
        Files.createSymbolicLink(first, SCRIPT);
        Path second = dir.resolve("links/b/sentinel");
        Files.createDirectories(second.getParent());
        Files.createSymbolicLink(second, Path.of("../a/redis-sentinel")); // relative link to a link
        Result r = run(second, Map.of(), "--version");
        assertThat(r.status()).isZero();
        assertThat(r.stdout()).startsWith("Redis server v=7.0.15 sha=00000000:0 ").contains("build=jsentinel-");
    }

    @Test
    void honoursJavaHomeAndExtraOptions() throws Exception {
        Result r = run(SCRIPT, Map.of("JAVA_HOME", System.getProperty("java.home"),
                "JSENTINEL_JAVA_OPTS", "-Xmx48m"), "-v");
        assertThat(r.status()).isZero();
        assertThat(r.stdout()).startsWith("Redis server v=7.0.15");
        Result broken = run(SCRIPT, Map.of("JAVA_HOME", dir.resolve("no-java").toString()), "-v");
        assertThat(broken.status()).isNotZero();
    }

    @Test
    void helpGoesToStderrWithStatusOneLikeRedis() throws Exception {
        Result r = run(SCRIPT, Map.of(), "--help");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Usage: redis-sentinel [/path/to/sentinel.conf] [options] [-]");
    }

    @Test
    void withoutConfigFileSentinelRefusesToStart() throws Exception {
        Result r = run(SCRIPT, Map.of(), "--port", "0");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stdout()).matches("\\d+:X .{24} # Sentinel needs config file on disk to save state\\. Exiting\\.\\.\\.\\R");
    }

    @Test
    void missingConfigFileIsReportedWithAbsolutePath() throws Exception {
        Result r = run(SCRIPT, Map.of(), "missing.conf");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stdout()).contains("# Fatal error, can't open config file '"
                + dir.toRealPath().resolve("missing.conf") + "': No such file or directory");
    }

    @Test
    void demoWithoutRedisServerExplainsHowToInstallIt() throws Exception {
        Result r = run(SCRIPT, Map.of("JSENTINEL_REDIS_SERVER", dir.resolve("no-redis-server").toString()), "--demo");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderr()).contains("needs redis-server").contains("apt-get install redis-server");
    }

    @Test
    void demoRunsAFailoverAndCleansUp() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jsentinel.launcher.demo.Demo.findRedisServer(System.getenv())
                != null, "redis-server on PATH");
        Result r = run(SCRIPT, Map.of(), "--demo");
        assertThat(r.status()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("Failover timeline (milliseconds since the SIGKILL):", "(leader)",
                "(observer)", "+switch-master demo ", "GET greeting there -> hello from the old master");
        // every redis-server the demo started is gone
        for (String line : r.stdout().lines().filter(l -> l.startsWith("Starting redis-server")).toList()) {
            String port = line.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1");
            try (java.net.Socket s = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(
                        new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 500))
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Test
    void makesAClassDataArchiveOnlyWhenAskedAndUsesIt() throws Exception {
        Path archive = dir.resolve("cds").resolve("redis-sentinel.jsa");
        Files.createDirectories(archive.getParent());
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"),
                "JSENTINEL_CDS_ARCHIVE", archive.toString());
        // no training run at a start, in the background or otherwise (the build makes the archive)
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "no-such-directive yes\n");
        Result refused = run(SCRIPT, env, conf.toString());
        assertThat(refused.status()).isEqualTo(1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(archive).doesNotExist());
        Result dry = run(SCRIPT, plus(env, "JSENTINEL_DRY_RUN", "1"), conf.toString());
        assertThat(dry.stdout()).doesNotContain("SharedArchiveFile");

        Result trained = run(SCRIPT, env, "--cds-training");
        assertThat(trained.status()).as(trained.stderr()).isZero();
        assertThat(archive).as("archive made by the training run").isRegularFile();
        try (var left = Files.list(archive.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(archive);
        }

        String line = run(SCRIPT, plus(env, "JSENTINEL_DRY_RUN", "1"), conf.toString()).stdout().trim();
        assertThat(line).contains("-XX:SharedArchiveFile=" + archive);
        // -Xshare:on makes the JVM fail unless it can map the archive with exactly these flags
        List<String> cmd = new ArrayList<>(List.of(line.substring(line.indexOf(' ') + 1, line.indexOf(" -jar "))
                .trim().split("\\s+")));
        cmd.add("-Xshare:on");
        cmd.addAll(List.of("-jar", Path.of("target", "redis-sentinel.jar").toAbsolutePath().toString(), "--version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("Redis server v=7.0.15");
    }

    private static Map<String, String> plus(Map<String, String> env, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put(key, value);
        return all;
    }
}
