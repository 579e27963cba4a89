package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.RunningSentinel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownSequenceTest {
    @TempDir
    Path dir;

    private final List<Integer> exits = new ArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();
    private final RunningSentinel sentinel = new RunningSentinel() {
        @Override
        public int port() {
            return 26379;
        }

        @Override
        public String myId() {
            return "a".repeat(40);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    };

    @Test
    void signalClosesOnceRemovesPidfileAndExitsZero() throws Exception {
        ShutdownSequence s = new ShutdownSequence(exits::add);
        s.sentinel(sentinel);
        Path pid = dir.resolve("s.pid");
        s.pidFile(PidFile.write(pid, 1));
        s.onSignal("TERM");
        s.onSignal("INT");
        s.run(false);
        assertThat(closes).hasValue(1);
        assertThat(pid).doesNotExist();
        assertThat(exits).containsExactly(0, 0);
    }

    @Test
    void shutdownCommandDoesNotCloseTwice() throws Exception {
        ShutdownSequence s = new ShutdownSequence(exits::add);
        s.sentinel(sentinel);
        Path pid = dir.resolve("s.pid");
        s.pidFile(PidFile.write(pid, 1));
        s.onShutdownCommand();
        assertThat(closes).hasValue(0);
        assertThat(pid).doesNotExist();
        assertThat(exits).containsExactly(0);
    }

    @Test
    void abortRemovesPidfileAndDisarms() throws Exception {
        ShutdownSequence s = new ShutdownSequence(exits::add);
        Path pid = dir.resolve("s.pid");
        s.pidFile(PidFile.write(pid, 1));
        s.abort();
        s.sentinel(sentinel);
        s.run(true);
        assertThat(pid).doesNotExist();
        assertThat(closes).hasValue(0);
    }
}
