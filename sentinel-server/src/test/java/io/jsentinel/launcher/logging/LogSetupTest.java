package io.jsentinel.launcher.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;

class LogSetupTest {
    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);

    private List<String> stdoutLines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private void logAll(Logger log) {
        log.trace("t");
        log.debug("d");
        log.info("i");
        log.warn("w");
    }

    @ParameterizedTest
    @CsvSource({"debug,TRACE", "verbose,DEBUG", "notice,INFO", "warning,WARN", "nothing,OFF", "NOTICE,INFO"})
    void redisLevelsMapToSlf4j(String redis, String slf4j) {
        assertThat(LogSetup.levelFor(redis)).isEqualTo(Level.toLevel(slf4j));
    }

    @Test
    void unknownLevelIsRejected() {
        assertThatThrownBy(() -> LogSetup.levelFor("loud")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noticeToStdoutKeepsLibrariesAtWarn() {
        LogSetup.apply(context, "notice", "", out);
        logAll(context.getLogger("io.jsentinel.x"));
        logAll(context.getLogger("io.netty.channel.X"));
        logAll(context.getLogger("io.lettuce.core.X"));
        assertThat(stdoutLines()).hasSize(4);
        assertThat(stdoutLines().get(0)).endsWith(" * i");
        assertThat(stdoutLines().get(1)).endsWith(" # w");
        assertThat(stdoutLines().get(2)).endsWith(" # w");
    }

    @Test
    void verboseShowsSentinelDebugButNotLibraryDebug() {
        LogSetup.apply(context, "verbose", "", out);
        logAll(context.getLogger("io.jsentinel.x"));
        logAll(context.getLogger("reactor.core"));
        assertThat(stdoutLines()).extracting(l -> l.substring(l.length() - 3))
                .containsExactly("- d", "* i", "# w", "# w");
    }

    @Test
    void debugShowsEverything() {
        LogSetup.apply(context, "debug", "", out);
        logAll(context.getLogger("io.netty.X"));
        assertThat(stdoutLines()).hasSize(4).first().asString().endsWith(" . t");
    }

    @Test
    void nothingSilencesEverything() {
        LogSetup.apply(context, "nothing", "", out);
        logAll(context.getLogger("io.jsentinel.x"));
        logAll(context.getLogger("io.netty.X"));
        assertThat(stdout.size()).isZero();
    }

    @Test
    void logfileIsAppendedAndRecreatedAfterRotation() throws Exception {
        Path log = dir.resolve("sentinel.log");
        Files.writeString(log, "old line\n");
        LogSetup.apply(context, "warning", log.toString(), out);
        Logger logger = context.getLogger("io.jsentinel.x");
        logger.info("hidden");
        logger.warn("first");
        Files.move(log, dir.resolve("sentinel.log.1"));
        logger.warn("second");
        assertThat(Files.readAllLines(dir.resolve("sentinel.log.1"))).hasSize(2).first().isEqualTo("old line");
        assertThat(Files.readAllLines(dir.resolve("sentinel.log.1")).get(1)).endsWith(" # first");
        assertThat(Files.readAllLines(log)).singleElement().asString().endsWith(" # second");
        assertThat(stdout.size()).isZero();
    }

    @Test
    void checkLogfileReportsUnopenableFiles() throws Exception {
        LogSetup.checkLogfile("");
        LogSetup.checkLogfile(dir.resolve("ok.log").toString());
        assertThatThrownBy(() -> LogSetup.checkLogfile(dir.resolve("no/such/dir.log").toString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
