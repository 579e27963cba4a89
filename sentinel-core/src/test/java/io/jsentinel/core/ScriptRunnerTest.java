package io.jsentinel.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.SentinelConfig;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.resp.RespValue;
import io.jsentinel.script.ScriptRunner;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.testkit.RecordingLinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {
    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final List<SentinelEvent> events = new ArrayList<>();
    SentinelCore core;

    Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    void setUp() {
        core = new SentinelCore(SentinelConfig.defaults(), c -> { }, new RecordingLinks(), clock, new Random(1));
        core.events().addSink(events::add);
    }

    /** Ticks until no job is running, moving the fake clock a little each time. */
    void drain(int maxTicks) throws InterruptedException {
        for (int i = 0; i < maxTicks; i++) {
            clock.advanceMillis(100);
            core.scripts.tick();
            if (core.scripts.runningCount() == 0 && core.scripts.jobs().stream().noneMatch(j -> j.startTime() <= core.now())) {
                return;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void argumentsArePassedAsAnArrayWithoutAShell() throws Exception {
        setUp();
        Path out = dir.resolve("out.txt");
        Path s = script("notify.sh", "printf '%s|' \"$@\" > " + out);
        core.scripts.schedule(s.toString(), List.of("+sdown", "master m 1.2.3.4 6379; rm -rf /tmp/x $(id)"));
        drain(100);
        assertThat(Files.readString(out)).isEqualTo("+sdown|master m 1.2.3.4 6379; rm -rf /tmp/x $(id)|");
        assertThat(core.scripts.jobs()).isEmpty();
    }

    /** As Redis after its chdir: a relative script path and the script's own directory are the configured dir. */
    @Test
    void relativeScriptsRunFromTheConfiguredDir() throws Exception {
        setUp();
        Path work = Files.createDirectories(dir.resolve("sentinel_0"));
        script("notify.sh", "pwd > out.txt");
        core.state.workingDir = work.toString();
        core.scripts.schedule("../notify.sh", List.of("+sdown"));
        drain(100);
        assertThat(Files.readString(work.resolve("out.txt")).trim()).isEqualTo(work.toString());
        assertThat(events).noneMatch(e -> e.type().equals("-script-error"));
    }

    @Test
    void sentinelSetChecksARelativeScriptFromTheConfiguredDir() throws Exception {
        core = new SentinelCore(SentinelConfig.defaults(), c -> { }, new RecordingLinks(), clock, new Random(1));
        core.state.denyScriptsReconfig = false;
        core.commands().execute(SentinelCoreTest.argv("SENTINEL", "MONITOR", "m", "127.0.0.1", "1", "1"));
        script("notify.sh", "exit 0");
        List<byte[]> set = SentinelCoreTest.argv("SENTINEL", "SET", "m", "notification-script", "../notify.sh");
        assertThat(core.commands().execute(set)).isEqualTo(RespValue.error(
                "ERR " + io.jsentinel.config.ConfigValidation.NOTIFICATION_SCRIPT_ERROR));
        core.state.workingDir = Files.createDirectories(dir.resolve("sentinel_0")).toString();
        assertThat(core.commands().execute(set)).isEqualTo(RespValue.OK);
    }

    @Test
    void exitOneIsRetriedLaterExitTwoIsAnError() throws Exception {
        setUp();
        Path one = script("one.sh", "exit 1");
        core.scripts.schedule(one.toString(), List.of("a"));
        drain(100);
        assertThat(core.scripts.jobs()).hasSize(1);
        assertThat(core.scripts.jobs().get(0).retryNum()).isEqualTo(1);
        // Retried after script-retry-delay (30 s) × 2^(attempt-1).
        assertThat(core.scripts.jobs().get(0).startTime() - core.now()).isBetween(29_000L, 30_000L);

        Path two = script("two.sh", "exit 2");
        core.scripts.schedule(two.toString(), List.of("b"));
        drain(100);
        assertThat(events).anyMatch(e -> e.type().equals("-script-error") && e.message().equals(two + " 0 2"));
    }

    @Test
    void queueIsBoundedAndDropsTheOldestWaitingJob() throws Exception {
        setUp();
        for (int i = 0; i < ScriptRunner.MAX_QUEUE + 10; i++) {
            core.scripts.schedule("/nonexistent", List.of(Integer.toString(i)));
        }
        assertThat(core.scripts.jobs()).hasSize(ScriptRunner.MAX_QUEUE);
        assertThat(core.scripts.jobs().get(0).argv().get(1)).isEqualTo("10");
    }
}
