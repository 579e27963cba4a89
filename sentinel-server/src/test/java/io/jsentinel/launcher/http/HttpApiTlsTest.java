package io.jsentinel.launcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsentinel.config.ServerSettings;
import io.jsentinel.tls.TestCerts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With a tls-port and http-api yes, the metrics port is HTTPS with the tls-port's certificate and client rule. */
class HttpApiTlsTest {
    private static TestCerts certs;
    private MetricsHttpServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        assumeTrue(TestCerts.opensslAvailable(), "openssl not installed");
        certs = TestCerts.create();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(String authClients, boolean api) throws Exception {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("tls-port", List.of("6390"));
        g.put("tls-cert-file", List.of(certs.serverCert.toString()));
        g.put("tls-key-file", List.of(certs.serverKey.toString()));
        g.put("tls-ca-cert-file", List.of(certs.caCert.toString()));
        g.put("tls-auth-clients", List.of(authClients));
        if (api) {
            g.put("http-api", List.of("yes"));
        }
        ServerSettings s = new ServerSettings(26379, List.of(), false, null, List.of(), "", "notice", null, false,
                certs.dir.toString(), 9121, g);
        HttpApiSettings settings = HttpApiSettings.from(s, 9121);
        assertThat(settings.tls() != null).isEqualTo(api);
        server = MetricsHttpServer.start("127.0.0.1", 0, new FakeSentinel(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), settings);
        return server.port();
    }

    @Test
    void httpsWithTheSameCertificate() throws Exception {
        int port = start("no", true);
        String answer = get(context(false), port, "/v1/masters/mymaster");
        assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\"name\":\"mymaster\"");
        assertThat(get(context(false), port, "/health")).startsWith("HTTP/1.1 200 ");
        // no plain HTTP beside it
        assertThat(new HttpTester(port).raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 3000)).doesNotContain("200 OK");
    }

    @Test
    void clientCertificatesAreRequiredAsOnTheTlsPort() throws Exception {
        int port = start("yes", true);
        assertThatThrownBy(() -> get(context(false), port, "/health")).isInstanceOf(IOException.class);
        assertThat(get(context(true), port, "/health")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void withoutTheApiThePortStaysPlain() throws Exception {
        int port = start("no", false);
        assertThat(new HttpTester(port).get("/health").statusCode()).isEqualTo(200);
    }

    /** A GET over TLS, trusting the test CA; no host name check (the test certificates name no host). */
    private static String get(SSLContext ctx, int port, String path) throws IOException {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.startHandshake();
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SSLContext context(boolean withClientCertificate) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certs.caCert)) {
            trust.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withClientCertificate) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            Certificate cert;
            try (InputStream in = Files.newInputStream(certs.clientCert)) {
                cert = cf.generateCertificate(in);
            }
            keys.setKeyEntry("client", pkcs8(certs.clientKey), new char[0], new Certificate[] {cert});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static PrivateKey pkcs8(Path pem) throws Exception {
        String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }
}
