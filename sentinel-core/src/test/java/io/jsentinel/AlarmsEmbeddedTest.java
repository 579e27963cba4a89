package io.jsentinel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.KnownSentinel;
import io.jsentinel.config.MasterConfig;
import io.jsentinel.config.SentinelConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.events.AlarmKind;
import io.jsentinel.events.SentinelEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The quorum alarm between two embedded sentinels over real links (no Redis: the master does not answer, the peer
 * is known from the configuration): the audit's commands, the snapshot, {@code problems()} (the {@code /health}
 * reasons) and the {@code jsentinel.alarms} gauge.
 */
class AlarmsEmbeddedTest {
    private RunningSentinel a;
    private RunningSentinel b;

    @AfterEach
    void close() {
        for (RunningSentinel s : new RunningSentinel[] {a, b}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void aPeerWithAnotherQuorumIsAnAlarmUntilItsQuorumMatches() throws Exception {
        int dead = EmbeddedSentinelTest.deadPort();
        b = Sentinel.builder().port(0).bind("127.0.0.1").monitor("m", "127.0.0.1", dead, 1).start();
        MasterConfig m = new MasterConfig("m", "127.0.0.1", dead, 2, 30_000, 180_000, 1, null, null, null, null, 0,
                Map.of(), 0, 0, List.of(), List.of(new KnownSentinel("127.0.0.1", b.port(), b.myId())));
        SentinelConfig cfg = new SentinelConfig(null, 0, true, false, false, null, 0, null, null,
                ServerSettings.defaults(), List.of(m));
        List<SentinelEvent> events = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        a = Sentinel.builder().config(cfg).port(0).bind("127.0.0.1").listener(events::add).meterRegistry(registry)
                .start();
        assertThat(command(a.port(), "SENTINEL DEBUG peer-audit-period 200")).isEqualTo("+OK");

        EmbeddedSentinelTest.await("+misconfig-quorum", () -> !a.snapshot().alarms().isEmpty());
        SentinelSnapshot s = a.snapshot();
        assertThat(s.alarms()).singleElement().isInstanceOfSatisfying(SentinelEvent.MisconfigQuorum.class, q -> {
            assertThat(q.peerQuorum()).isEqualTo(1);
            assertThat(q.quorum()).isEqualTo(2);
            assertThat(q.instance().name()).isEqualTo(b.myId());
        });
        String peer = "sentinel " + b.myId() + " 127.0.0.1 " + b.port() + " @ m 127.0.0.1 " + dead;
        assertThat(s.problems()).containsExactly("master m: +misconfig-quorum " + peer + " #quorum 1, ours 2");
        EmbeddedSentinelTest.await("alarm gauge", () -> {
            var g = registry.find("jsentinel.alarms").tags("master", "m", "kind", "misconfig-quorum").gauge();
            return g != null && g.value() == 1;
        });
        assertThat(registry.get("jsentinel.alarms").tags("master", "m", "kind", "misconfig-clock").gauge().value())
                .isZero();
        // a quorum alarm is all there is: same host, same clock; nothing decided differently
        assertThat(a.master("m").orElseThrow().quorum()).isEqualTo(2);

        assertThat(command(b.port(), "SENTINEL SET m quorum 2")).isEqualTo("+OK");
        EmbeddedSentinelTest.await("-misconfig-quorum", () -> a.snapshot().alarms().isEmpty());
        assertThat(a.snapshot().problems()).isEmpty();
        EmbeddedSentinelTest.await("the -misconfig-quorum event", () -> events.stream().anyMatch(e ->
                e instanceof SentinelEvent.AlarmEnded end && end.kind() == AlarmKind.QUORUM));
        assertThat(events).noneMatch(e -> e instanceof SentinelEvent.MisconfigClock);
        EmbeddedSentinelTest.await("alarm gauge back to 0", () -> registry.get("jsentinel.alarms")
                .tags("master", "m", "kind", "misconfig-quorum").gauge().value() == 0);
    }

    /** An inline command; the first reply line. */
    private static String command(int port, String inline) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                sb.append((char) c);
            }
            return sb.toString();
        }
    }
}
