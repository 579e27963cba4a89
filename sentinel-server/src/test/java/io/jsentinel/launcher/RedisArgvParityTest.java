package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks our argv-to-line conversion against the real redis-sentinel: an option with a bad value makes
 * Redis print the offending line ({@code >>> 'port "x y"'}), which must equal our last line.
 */
class RedisArgvParityTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"--port|x y", "--port 1 2", "--sentinel|--port|a\"b\\c", "--port|é", "--loglevel|no\tpe", "--port|--loglevel|warning", "--sentinel|--port"})
    void lastLineMatchesWhatRedisReports(String joined) throws Exception {
        Path redis = onPath("redis-sentinel");
        assumeTrue(redis != null, "redis-sentinel not installed");
        Path conf = dir.resolve("s.conf");
        Files.writeString(conf, "port 0\n");
        List<String> args = new ArrayList<>(List.of(conf.toString()));
        args.addAll(List.of(joined.split("\\|")));
        List<String> cmd = new ArrayList<>(List.of(redis.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String reported = output.lines().filter(l -> l.startsWith(">>> '")).findFirst().orElseThrow(
                () -> new AssertionError("no config error from redis: " + output));
        List<String> ours = CommandLine.parse(args).optionLines();
        assertThat(">>> '" + ours.get(ours.size() - 1) + "'").isEqualTo(reported);
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
