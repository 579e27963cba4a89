package io.jsentinel.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA with a server and a client certificate, made by the {@code openssl} command line
 * (as Redis' own {@code utils/gen-test-certs.sh} does). The server key is written in PKCS#1
 * ("RSA PRIVATE KEY", OpenSSL's traditional form) to exercise that path; the client key in PKCS#8.
 */
public final class TestCerts {
    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;
    /** A certificate from another CA, which the test CA does not trust. */
    public final Path strangerCert;
    public final Path strangerKey;

    private TestCerts(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
        this.clientCert = dir.resolve("client.crt");
        this.clientKey = dir.resolve("client.key");
        this.strangerCert = dir.resolve("stranger.crt");
        this.strangerKey = dir.resolve("stranger.key");
    }

    public static boolean opensslAvailable() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static TestCerts create() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jsentinel-tls-");
        TestCerts c = new TestCerts(dir);
        run(dir, "openssl", "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "ca.key", "-out",
                "ca.crt", "-days", "2", "-subj", "/CN=jsentinel test CA");
        for (String name : List.of("server", "client")) {
            run(dir, "openssl", "req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", name + ".p8", "-out",
                    name + ".csr", "-subj", "/CN=" + name);
            run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", name + ".crt", "-days", "2");
        }
        run(dir, "openssl", "rsa", "-in", "server.p8", "-out", "server.key", "-traditional");
        Files.move(dir.resolve("client.p8"), c.clientKey);
        run(dir, "openssl", "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "stranger.key",
                "-out", "stranger.crt", "-days", "2", "-subj", "/CN=stranger");
        return c;
    }

    static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("openssl failed: " + String.join(" ", cmd) + "\n"
                    + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
