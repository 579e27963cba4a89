package io.jsentinel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsentinel.config.ServerSettings;
import io.jsentinel.server.FakeBackend;
import io.jsentinel.server.SentinelServer;
import io.jsentinel.server.ServerInfo;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TLS listener, checked with the real {@code redis-cli --tls}. */
class TlsServerTest {
    private static TestCerts certs;
    private MultiThreadIoEventLoopGroup group;
    private FakeBackend backend;
    private SentinelServer server;

    @BeforeAll
    static void makeCerts() throws Exception {
        assumeTrue(TestCerts.opensslAvailable(), "openssl not installed");
        certs = TestCerts.create();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            backend.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void start(int plainPort, String authClients, String requirepass) throws Exception {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("tls-port", List.of(String.valueOf(freePort())));
        g.put("tls-cert-file", List.of(certs.serverCert.toString()));
        g.put("tls-key-file", List.of(certs.serverKey.toString()));
        g.put("tls-ca-cert-file", List.of(certs.caCert.toString()));
        g.put("tls-auth-clients", List.of(authClients));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        backend = new FakeBackend();
        ServerSettings settings = new ServerSettings(plainPort, List.of("127.0.0.1"), false, requirepass, List.of(),
                "", "notice", null, false, null, 0, g);
        server = new SentinelServer(settings, ServerInfo.current("/tmp/s.conf", "/usr/bin/redis-sentinel", 0),
                backend, group);
        server.start();
    }

    /** Runs redis-cli against the TLS port; returns its output. */
    private String cli(boolean clientCert, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--tls", "-h", "127.0.0.1", "-p",
                String.valueOf(server.tlsPort()), "--cacert", certs.caCert.toString()));
        if (clientCert) {
            cmd.addAll(List.of("--cert", certs.clientCert.toString(), "--key", certs.clientKey.toString()));
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void tlsPortServesRedisCliWithClientCertificate() throws Exception {
        start(0, "yes", null);
        assertThat(server.port()).as("port 0 with tls-port: no plain listener, as in Redis").isZero();
        assertThat(cli(true, "PING")).isEqualTo("PONG");
        assertThat(cli(true, "SENTINEL", "MYID")).isNotEmpty();
        // tls-auth-clients yes: a client without a certificate cannot complete the handshake
        assertThat(cli(false, "PING")).doesNotContain("PONG");
    }

    @Test
    void authClientsNoAcceptsClientsWithoutCertificate() throws Exception {
        start(0, "no", null);
        assertThat(cli(false, "PING")).isEqualTo("PONG");
    }

    @Test
    void plainAndTlsListenersTogetherAndAuthStillApplies() throws Exception {
        start(freePort(), "optional", "s3cret");
        assertThat(server.port()).isPositive();
        assertThat(cli(false, "PING")).isEqualTo("NOAUTH Authentication required.");
        assertThat(cli(false, "--user", "default", "--pass", "s3cret", "--no-auth-warning", "PING")).isEqualTo("PONG");
        assertThat(cli(true, "--pass", "wrong", "--no-auth-warning", "PING"))
                .contains("WRONGPASS invalid username-password pair or user is disabled.");
    }

    @Test
    void missingOrBadFilesFailAtStart() throws Exception {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("tls-port", List.of(String.valueOf(freePort())));
        g.put("tls-cert-file", List.of(certs.serverCert.toString()));
        g.put("tls-key-file", List.of(certs.dir.resolve("nope.key").toString()));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        backend = new FakeBackend();
        ServerSettings settings = new ServerSettings(0, List.of("127.0.0.1"), false, null, List.of(), "", "notice",
                null, false, null, 0, g);
        server = new SentinelServer(settings, ServerInfo.current("/tmp/s.conf", "/usr/bin/redis-sentinel", 0),
                backend, group);
        assertThatThrownBy(server::start).hasMessageStartingWith("Failed to configure TLS");
        Map<String, List<String>> noCa = new LinkedHashMap<>(g);
        noCa.put("tls-key-file", List.of(certs.serverKey.toString()));
        assertThatThrownBy(() -> TlsSettings.from(new ServerSettings(0, List.of(), false, null, List.of(), "", "notice",
                null, false, null, 0, noCa)).serverContext())
                .hasMessageContaining("Either tls-ca-cert-file or tls-ca-cert-dir must be specified");
    }

    @Test
    void pemKeysInPkcs1AndPkcs8() throws Exception {
        PrivateKey pkcs1 = PemFiles.privateKey(certs.serverKey, null);
        PrivateKey pkcs8 = PemFiles.privateKey(certs.clientKey, null);
        assertThat(Files.readString(certs.serverKey)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(certs.clientKey)).contains("BEGIN PRIVATE KEY");
        assertThat(pkcs1.getAlgorithm()).isEqualTo("RSA");
        assertThat(pkcs8.getAlgorithm()).isEqualTo("RSA");
        Path junk = certs.dir.resolve("junk.pem");
        Files.writeString(junk, "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(junk, null)).hasMessageContaining("bad base64");
        assertThat(TlsSettings.from(ServerSettings.defaults()).anyEnabled()).isFalse();
        TlsSettings withPass = new TlsSettings(1, "c", "k", "hunter2", null, null, null, null, null, "yes", false, List.of());
        assertThat(withPass.toString()).doesNotContain("hunter2");
    }
}
