package io.jsentinel.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsentinel.it.support.FreePorts;
import io.jsentinel.it.support.RedisNode;
import io.jsentinel.it.support.SentinelKind;
import io.jsentinel.it.support.SentinelNode;
import io.jsentinel.link.Connection;
import io.jsentinel.link.ConnectionListener;
import io.jsentinel.link.Endpoint;
import io.jsentinel.link.lettuce.LettuceLinkFactory;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.resp.RespValue;
import io.jsentinel.tls.TestCerts;
import io.jsentinel.tls.TlsSettings;
import io.netty.channel.DefaultEventLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS against a real redis-server that only listens on TLS and requires client certificates: our Lettuce
 * links with {@code tls-replication yes}, and a whole sentinel (each enabled kind) monitoring it over TLS
 * and serving {@code redis-cli --tls} on its {@code tls-port}.
 */
class TlsIT {
    private static TestCerts certs;
    private RedisNode redis;
    private int redisTlsPort;

    static List<SentinelKind> kinds() {
        return SentinelKind.enabled();
    }

    @BeforeAll
    static void makeCerts() throws Exception {
        assumeTrue(TestCerts.opensslAvailable(), "openssl not installed");
        certs = TestCerts.create();
    }

    @BeforeEach
    void startTlsRedis() {
        redisTlsPort = FreePorts.next();
        redis = RedisNode.builder().name("tls-redis").port(redisTlsPort)
                .tlsOnly(certs.serverCert, certs.serverKey, certs.caCert)
                .readyWhen(() -> cli(redisTlsPort, true, "PING").equals("PONG"))
                .start();
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.stop();
        }
    }

    static String cli(int port, boolean withCert, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--tls", "-h", "127.0.0.1", "-p",
                String.valueOf(port), "--cacert", certs.caCert.toString()));
        if (withCert) {
            cmd.addAll(List.of("--cert", certs.clientCert.toString(), "--key", certs.clientKey.toString()));
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "<timeout>";
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    private static ServerSettings tlsSettings(boolean replication) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("tls-cert-file", List.of(certs.serverCert.toString()));
        g.put("tls-key-file", List.of(certs.serverKey.toString()));
        g.put("tls-ca-cert-file", List.of(certs.caCert.toString()));
        g.put("tls-replication", List.of(replication ? "yes" : "no"));
        return new ServerSettings(26379, List.of(), false, null, List.of(), "", "notice", null, false, null, 0, g);
    }

    /**
     * By IP and by name: a name resolves off the loop and the link connects to its IP, while TLS is set up for
     * the name (verified against the CA, as Redis does; neither checks the host name in the certificate).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"127.0.0.1", "localhost"})
    void lettuceLinksSpeakTlsWithClientCertificate(String host) throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        LettuceLinkFactory factory = new LettuceLinkFactory(loop, null, LettuceLinkFactory.DEFAULT_CONNECT_TIMEOUT,
                TlsSettings.from(tlsSettings(true)));
        try {
            assertThat(factory.tls()).isTrue();
            CompletableFuture<RespValue> reply = new CompletableFuture<>();
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            loop.submit(() -> factory.openCommand(new Endpoint(host, redisTlsPort), new ConnectionListener() {
                @Override
                public void onConnected(Connection c) {
                    c.send(List.of("PING".getBytes(StandardCharsets.US_ASCII)), reply::complete);
                }

                @Override
                public void onDisconnected(Connection c, Throwable cause) {
                    lost.complete(cause);
                }
            })).get(30, TimeUnit.SECONDS);
            // Lettuce reports a status like a bulk string (docs/compatibility.md)
            assertThat(reply.get(30, TimeUnit.SECONDS)).isEqualTo(RespValue.bulk("PONG"));
        } finally {
            factory.close();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void plainLinksCannotTalkToATlsOnlyRedis() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        LettuceLinkFactory factory = new LettuceLinkFactory(loop, null, LettuceLinkFactory.DEFAULT_CONNECT_TIMEOUT,
                TlsSettings.from(tlsSettings(false)));
        try {
            CompletableFuture<RespValue> reply = new CompletableFuture<>();
            loop.submit(() -> factory.openCommand(new Endpoint("127.0.0.1", redisTlsPort), new ConnectionListener() {
                @Override
                public void onConnected(Connection c) {
                    c.send(List.of("PING".getBytes(StandardCharsets.US_ASCII)), reply::complete);
                }

                @Override
                public void onDisconnected(Connection c, Throwable cause) {
                    reply.complete(null);
                }
            })).get(30, TimeUnit.SECONDS);
            assertThat(reply.get(30, TimeUnit.SECONDS)).isNotEqualTo(RespValue.bulk("PONG"));
        } finally {
            factory.close();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void sentinelMonitorsTlsRedisAndServesTlsClients(SentinelKind kind) throws Exception {
        int sentinelTlsPort = FreePorts.next();
        try (SentinelNode s = SentinelNode.builder(kind).monitor("mymaster", redisTlsPort, 1)
                .line("tls-port " + sentinelTlsPort)
                .line("tls-cert-file " + certs.serverCert)
                .line("tls-key-file " + certs.serverKey)
                .line("tls-ca-cert-file " + certs.caCert)
                .line("tls-replication yes")
                .create().start()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var m = s.master("mymaster");
                assertThat(m.fieldStr("flags")).isEqualTo("master");
                assertThat(m.fieldStr("role-reported")).isEqualTo("master");
            });
            assertThat(cli(sentinelTlsPort, true, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
                    .isEqualTo("127.0.0.1\n" + redisTlsPort);
            assertThat(cli(sentinelTlsPort, false, "PING")).doesNotContain("PONG");
        }
    }
}
