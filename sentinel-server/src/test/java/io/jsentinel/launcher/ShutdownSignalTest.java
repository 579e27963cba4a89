package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sends real signals to a JVM running the launcher's shutdown sequence. */
class ShutdownSignalTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void signalShutsDownLikeRedisAndExitsZero(String signal) throws Exception {
        Path pid = dir.resolve("probe.pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SignalProbe.class.getName(), pid.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String first = out.readLine();
            assertThat(first).isEqualTo("ready handlers=true");
            assertThat(Files.readString(pid)).isEqualTo(p.pid() + "\n");

            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> lines = new ArrayList<>();
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                lines.add(l);
            }
            assertThat(p.exitValue()).isZero();
            assertThat(lines.get(0)).matches(p.pid() + ":signal-handler \\(\\d+\\) Received SIG" + signal
                    + " scheduling shutdown\\.\\.\\.");
            assertThat(lines.subList(1, lines.size())).extracting(l -> l.replaceFirst("^\\d+:X .{24} ", ""))
                    .containsExactly("# User requested shutdown...", "* fake sentinel closed",
                            "* Removing the pid file.", "# Sentinel is now ready to exit, bye bye...");
            assertThat(pid).doesNotExist();
        } finally {
            p.destroyForcibly();
        }
    }
}
