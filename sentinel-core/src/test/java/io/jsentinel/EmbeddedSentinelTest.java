package io.jsentinel;

import io.jsentinel.events.Address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsentinel.events.SentinelEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API against a master that does not answer (no Redis needed). */
class EmbeddedSentinelTest {
    private RunningSentinel sentinel;

    @AfterEach
    void close() {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void await(String what, BooleanSupplier cond) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(cond::getAsBoolean);
    }

    @Test
    void monitorsReportsEventsSnapshotsAndMetrics() throws Exception {
        int dead = deadPort();
        List<SentinelEvent> events = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        sentinel = Sentinel.builder().port(0).bind("127.0.0.1")
                .monitor(MasterSpec.of("m", "127.0.0.1", dead, 1).withDownAfter(Duration.ofMillis(300)))
                .listener(events::add)
                .meterRegistry(registry)
                .start();

        assertThat(sentinel.port()).isPositive();
        assertThat(sentinel.myId()).hasSize(40);
        assertThat(sentinel.isRunning()).isTrue();
        assertThat(sentinel.masterAddress("m")).contains(new Address("127.0.0.1", dead));
        assertThat(sentinel.masterAddress("nope")).isEmpty();
        // the default user needs no password here, so AUTH would take any password for it, as would the check
        assertThat(sentinel.checkAccess("default", "x", List.of("SENTINEL", "FAILOVER", "m")))
                .isEqualTo(RunningSentinel.Access.ALLOWED);
        assertThat(sentinel.checkAccess("nobody", "x", List.of("SENTINEL", "MASTERS")))
                .isEqualTo(RunningSentinel.Access.WRONG_PASSWORD);
        await("+monitor", () -> events.stream().anyMatch(e -> e instanceof SentinelEvent.Monitored));
        SentinelEvent.Monitored mon = (SentinelEvent.Monitored) events.stream()
                .filter(e -> e instanceof SentinelEvent.Monitored).findFirst().orElseThrow();
        assertThat(mon.quorum()).isEqualTo(1);
        assertThat(mon.instance().address().port()).isEqualTo(dead);

        await("+sdown", () -> events.stream().anyMatch(e -> e instanceof SentinelEvent.SubjectivelyDown));
        MasterInfo m = sentinel.master("m").orElseThrow();
        assertThat(m.status()).isIn(InstanceStatus.SDOWN, InstanceStatus.ODOWN);
        assertThat(m.link().connected()).isFalse();
        assertThat(m.replicas()).isEmpty();
        assertThat(m.usableSentinels()).isEqualTo(1);
        assertThat(m.quorumReachable()).isTrue();
        assertThat(m.quorumText()).isEqualTo("OK 1 usable Sentinels. Quorum and failover authorization can be reached");
        assertThat(sentinel.snapshot().problems()).isEmpty();


        await("status gauge", () -> {
            var g = registry.find("jsentinel.master.status").tag("master", "m").gauge();
            return g != null && g.value() >= 1;
        });
        assertThat(registry.get("jsentinel.master.quorum.reachable").tag("master", "m").gauge().value()).isEqualTo(1);
        assertThat(registry.get("jsentinel.link.connected").tag("role", "master").gauge().value()).isZero();
        assertThat(registry.get("jsentinel.tilt").gauge().value()).isZero();
        await("event counter", () -> registry.find("jsentinel.events").tag("type", "+sdown").counter() != null);
        assertThat(registry.get("jsentinel.server.clients").gauge().value()).isZero();
        try (java.net.Socket c = new java.net.Socket("127.0.0.1", sentinel.port())) {
            c.getOutputStream().write("PING\r\nPING\r\nNOSUCH\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            c.setSoTimeout(10_000);
            byte[] buf = new byte[256];
            int got = 0;
            while (got < 2 * "+PONG\r\n".length() + 10) {
                got += c.getInputStream().read(buf, got, buf.length - got);
            }
        }
        await("commands by name", () -> {
            var ping = registry.find("jsentinel.server.commands.by.name").tag("command", "ping").functionCounter();
            var unknown = registry.find("jsentinel.server.commands.by.name").tag("command", "unknown")
                    .functionCounter();
            // the start-up warm-up pings our own port too, so PING counts at least our two
            return ping != null && ping.count() >= 2 && unknown != null && unknown.count() == 1;
        });

        sentinel.close();
        assertThat(sentinel.isRunning()).isFalse();
    }

    @Test
    void quorumThatCannotBeReachedIsAProblem() throws Exception {
        sentinel = Sentinel.builder().port(0).bind("127.0.0.1").monitor("m", "127.0.0.1", deadPort(), 2).start();
        MasterInfo m = sentinel.master("m").orElseThrow();
        assertThat(m.quorumReachable()).isFalse();
        assertThat(sentinel.snapshot().problems()).containsExactly("master m: NOQUORUM 1 usable Sentinels. "
                + "Not enough available Sentinels to reach the specified quorum for this master");
        // quorum 2 is never reached alone, so no automatic failover runs: the manual one finds no replica
        assertThatThrownBy(() -> sentinel.failover("m")).isInstanceOfSatisfying(SentinelException.class,
                e -> assertThat(e.code()).isEqualTo("NOGOODSLAVE"))
                .hasMessage("NOGOODSLAVE No suitable replica to promote");
        assertThatThrownBy(() -> sentinel.failover("nope")).hasMessage("ERR No such master with that name");
        assertThatThrownBy(() -> sentinel.replicas("nope")).isInstanceOf(SentinelException.class);
    }

    @Test
    void aSlowListenerLosesEventsButNeverStallsTheSentinel() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<SentinelEvent> fast = new CopyOnWriteArrayList<>();
        Sentinel.Builder b = Sentinel.builder().port(0).bind("127.0.0.1")
                .listener(e -> {
                    try {
                        release.await();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }, 1)
                .listener(fast::add);
        for (int i = 0; i < 5; i++) {
            b.monitor(MasterSpec.of("m" + i, "127.0.0.1", deadPort(), 1).withDownAfter(Duration.ofMillis(200)));
        }
        sentinel = b.start();
        // the loop keeps ticking: every master goes SDOWN while the first listener is stuck
        await("5 x +sdown", () -> sentinel.snapshot().masters().stream()
                .allMatch(mi -> mi.status() != InstanceStatus.OK));
        await("fast listener", () -> fast.stream().filter(e -> e instanceof SentinelEvent.SubjectivelyDown).count() == 5);
        assertThat(sentinel.droppedEvents()).isPositive();
        release.countDown();
    }

    @Test
    void duplicateMasterNamesAreRefused() {
        assertThatThrownBy(() -> Sentinel.builder().port(0).monitor("m", "127.0.0.1", 1, 1)
                .monitor("m", "127.0.0.1", 2, 1).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate master name");
        assertThatThrownBy(() -> MasterSpec.of("a b", "h", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MasterSpec.of("a", "h", 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MasterSpec.of("a", "h", 1, 1).withAuthPass("secret").toString()).doesNotContain("secret");
    }

    @Test
    void genericDirectivesOfAParsedConfigSurviveTheBuilder() throws Exception {
        // The builder once rebuilt the server settings without the generic directives, so a launcher
        // started from sentinel.conf silently ignored maxclients, timeout and every tls-* line.
        io.jsentinel.config.SentinelConfig cfg = io.jsentinel.config.ConfigLoader.parse(
                "maxclients 2\n", List.of(), true, java.nio.file.Path.of("."))
                .config();
        sentinel = Sentinel.builder().config(cfg).port(0).bind("127.0.0.1").start();
        try (java.net.Socket a = new java.net.Socket("127.0.0.1", sentinel.port());
                java.net.Socket b = new java.net.Socket("127.0.0.1", sentinel.port());
                java.net.Socket c = new java.net.Socket("127.0.0.1", sentinel.port())) {
            c.setSoTimeout(5000);
            byte[] buf = new byte[100];
            int n = c.getInputStream().read(buf);
            assertThat(new String(buf, 0, Math.max(0, n), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("-ERR max number of clients reached\r\n");
        }
    }

    @Test
    void aStateFileKeepsTheIdAcrossRestartsAndRefusesConfigurationChanges(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path state = dir.resolve("embedded.state");
        int dead = deadPort();
        sentinel = Sentinel.builder().port(0).bind("127.0.0.1").monitor("m", "127.0.0.1", dead, 1)
                .stateFile(state).start();
        String id = sentinel.myId();
        assertThat(java.nio.file.Files.readString(state)).contains("sentinel myid " + id + "\n",
                "sentinel configured-address m 127.0.0.1 " + dead + "\n");
        try (java.net.Socket c = new java.net.Socket("127.0.0.1", sentinel.port())) {
            c.setSoTimeout(5000);
            c.getOutputStream().write("SENTINEL REMOVE m\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buf = new byte[200];
            int n = c.getInputStream().read(buf);
            assertThat(new String(buf, 0, Math.max(0, n), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("-ERR sentinel.conf is read-only in state-file mode: change it there and restart\r\n");
        }
        sentinel.close();

        sentinel = Sentinel.builder().port(0).bind("127.0.0.1").monitor("m", "127.0.0.1", dead, 1)
                .stateFile(state).start();
        assertThat(sentinel.myId()).isEqualTo(id);
        assertThatThrownBy(() -> Sentinel.builder().stateFile(state)
                .configStore(io.jsentinel.config.ConfigStore.inMemory()).start())
                .isInstanceOf(IllegalStateException.class);
    }
}
