package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code supervised} as redis-server 7.0: the messages over a real AF_UNIX datagram socket, and when none are sent. */
class SupervisionTest {
    @TempDir
    Path dir;

    final List<String> errors = new ArrayList<>();
    final NotifySocket.Sender netty = NotifySocket.netty(errors::add);
    final AtomicInteger stops = new AtomicInteger();

    static List<String> drain(NotifyReceiver r, long waitMillis) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        for (NotifyReceiver.Message m = r.next(waitMillis); m != null; m = r.next(waitMillis)) {
            texts.add(m.text());
        }
        return texts;
    }

    @Test
    void systemdGetsLoadingThenReadyThenStoppingOnAPathSocket() throws Exception {
        String path = dir.resolve("notify").toString();
        try (NotifyReceiver r = new NotifyReceiver(path)) {
            Supervision s = Supervision.setUp("systemd", Map.of("NOTIFY_SOCKET", path), netty, stops::incrementAndGet);
            assertThat(s.mode()).as("errors %s", errors).isEqualTo(Supervision.Mode.SYSTEMD);
            assertThat(s.infoValue()).isEqualTo("systemd");
            s.ready();
            s.stopping();
            assertThat(drain(r, 500)).containsExactly("STATUS=Redis is loading...\n",
                    "STATUS=Ready to accept connections\n", "READY=1\n", "STOPPING=1\n");
        }
        assertThat(errors).isEmpty();
        assertThat(stops).hasValue(0);
    }

    @Test
    void anAbstractSocketNameStartsWithAnAt() throws Exception {
        String name = "jsentinel-test-" + UUID.randomUUID();
        try (NotifyReceiver r = new NotifyReceiver('\0' + name)) {
            Supervision s = Supervision.setUp("auto", Map.of("NOTIFY_SOCKET", "@" + name), netty, stops::incrementAndGet);
            assertThat(s.mode()).as("errors %s", errors).isEqualTo(Supervision.Mode.SYSTEMD);
            s.ready();
            assertThat(drain(r, 500)).containsExactly("STATUS=Redis is loading...\n",
                    "STATUS=Ready to accept connections\n", "READY=1\n");
        }
    }

    @Test
    void noSupervisionSendsNothingEvenWithASocketThere() throws Exception {
        String path = dir.resolve("notify").toString();
        try (NotifyReceiver r = new NotifyReceiver(path)) {
            for (String setting : List.of("no", "NO")) {
                Supervision s = Supervision.setUp(setting, Map.of("NOTIFY_SOCKET", path), netty, stops::incrementAndGet);
                s.ready();
                s.stopping();
                assertThat(s.infoValue()).isEqualTo("no");
            }
            assertThat(drain(r, 300)).isEmpty();
        }
    }

    @Test
    void systemdWithoutAReachableSocketIsNotSupervised() {
        assertThat(Supervision.setUp("systemd", Map.of(), netty, stops::incrementAndGet).infoValue()).isEqualTo("no");
        Supervision missing = Supervision.setUp("systemd",
                Map.of("NOTIFY_SOCKET", dir.resolve("nobody-listens").toString()), netty, stops::incrementAndGet);
        assertThat(missing.infoValue()).isEqualTo("no");
        assertThat(errors).hasSize(1);
        Supervision relative = Supervision.setUp("systemd", Map.of("NOTIFY_SOCKET", "run/notify"), netty,
                stops::incrementAndGet);
        assertThat(relative.infoValue()).isEqualTo("no");
        assertThat(errors).hasSize(2).last().asString().contains("absolute path");
        // auto without either variable: nothing asked, nothing logged
        assertThat(Supervision.setUp("auto", Map.of(), netty, stops::incrementAndGet).infoValue()).isEqualTo("no");
        assertThat(errors).hasSize(2);
    }

    @Test
    void upstartStopsTheProcessOnlyWhenItsJobVariableIsThere() {
        assertThat(Supervision.setUp("upstart", Map.of(), netty, stops::incrementAndGet).infoValue()).isEqualTo("no");
        assertThat(stops).hasValue(0);
        Supervision s = Supervision.setUp("auto", Map.of("UPSTART_JOB", "redis", "NOTIFY_SOCKET", "/x"), netty,
                stops::incrementAndGet);
        assertThat(s.infoValue()).isEqualTo("upstart");
        assertThat(stops).hasValue(1);
        s.ready();
        s.stopping();
        assertThat(errors).isEmpty();
    }

    @Test
    void aSupervisedProcessStaysInTheForeground() {
        assertThat(Supervision.requested("systemd", Map.of())).isEqualTo(Supervision.Mode.SYSTEMD);
        assertThat(Supervision.requested("auto", Map.of("NOTIFY_SOCKET", "/run/systemd/notify")))
                .isEqualTo(Supervision.Mode.SYSTEMD);
        assertThat(Supervision.requested("auto", Map.of())).isEqualTo(Supervision.Mode.NO);
        assertThat(Supervision.requested("no", Map.of("NOTIFY_SOCKET", "/x"))).isEqualTo(Supervision.Mode.NO);
        // daemonize yes still forks when the supervisor's variable is missing, as Redis (supervision did not hold)
        assertThat(Supervision.expected("systemd", Map.of())).isFalse();
        assertThat(Supervision.expected("systemd", Map.of("NOTIFY_SOCKET", "/x"))).isTrue();
        assertThat(Supervision.expected("upstart", Map.of("NOTIFY_SOCKET", "/x"))).isFalse();
        assertThat(Supervision.expected("auto", Map.of("UPSTART_JOB", "redis"))).isTrue();
    }
}
