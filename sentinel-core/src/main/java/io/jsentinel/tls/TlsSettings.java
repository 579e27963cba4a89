package io.jsentinel.tls;

import io.jsentinel.config.ServerSettings;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code tls-*} directives of a sentinel, read from {@link ServerSettings#generic()}, and the key and
 * trust material they name.
 *
 * <p>As in Redis 7.0: {@code tls-port} opens a TLS listener beside (or instead of, with {@code port 0}) the
 * plain one; {@code tls-auth-clients} (default yes) requires a client certificate signed by the CA;
 * {@code tls-replication yes} makes the sentinel's own links to Redis nodes and peer sentinels use TLS,
 * presenting {@code tls-client-cert-file} (or {@code tls-cert-file}) and verifying the peer's chain
 * against the CA without a host-name check. {@code tls-ciphers}/{@code tls-ciphersuites} hold OpenSSL
 * names, which the JDK does not use; they are ignored.
 */
public record TlsSettings(int port, String certFile, String keyFile, String keyFilePass, String clientCertFile,
                          String clientKeyFile, String clientKeyFilePass, String caCertFile, String caCertDir,
                          String authClients, boolean replication, List<String> protocols) {

    /** Reads the directives; absent ones take Redis' defaults. */
    public static TlsSettings from(ServerSettings s) {
        return new TlsSettings(
                Integer.parseInt(one(s, "tls-port", "0")),
                file(s, "tls-cert-file"),
                file(s, "tls-key-file"),
                blankToNull(one(s, "tls-key-file-pass", "")),
                file(s, "tls-client-cert-file"),
                file(s, "tls-client-key-file"),
                blankToNull(one(s, "tls-client-key-file-pass", "")),
                file(s, "tls-ca-cert-file"),
                file(s, "tls-ca-cert-dir"),
                one(s, "tls-auth-clients", "yes").toLowerCase(Locale.ROOT),
                one(s, "tls-replication", "no").equalsIgnoreCase("yes"),
                protocols(one(s, "tls-protocols", "")));
    }

    /** No TLS at all. */
    public static TlsSettings disabled() {
        return new TlsSettings(0, null, null, null, null, null, null, null, null, "yes", false, List.of());
    }

    private static String one(ServerSettings s, String name, String dflt) {
        List<String> v = s.genericArgs(name);
        return v == null || v.isEmpty() ? dflt : String.join(" ", v);
    }

    /** A file directive's path, relative ones taken from the sentinel's {@code dir} as Redis does. */
    private static String file(ServerSettings s, String name) {
        String path = blankToNull(one(s, name, ""));
        try {
            return path == null ? null : s.resolve(path).toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path;  // left as written: opening it fails later with the file's own error
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static List<String> protocols(String spec) {
        List<String> out = new ArrayList<>();
        for (String p : spec.trim().split("\\s+")) {
            switch (p.toLowerCase(Locale.ROOT)) {
                case "tlsv1.2" -> out.add("TLSv1.2");
                case "tlsv1.3" -> out.add("TLSv1.3");
                case "tlsv1.1" -> out.add("TLSv1.1");
                case "tlsv1" -> out.add("TLSv1");
                default -> {
                    // empty spec, or a name the JDK lacks: Redis' default set applies
                }
            }
        }
        return out.isEmpty() ? List.of("TLSv1.2", "TLSv1.3") : List.copyOf(out);
    }

    public boolean serverEnabled() {
        return port > 0;
    }

    /** Whether any TLS material is needed: a TLS listener or TLS links. */
    public boolean anyEnabled() {
        return port > 0 || replication;
    }

    /** Netty context for the {@code tls-port} listener. */
    public SslContext serverContext() throws IOException, GeneralSecurityException {
        if (certFile == null || keyFile == null) {
            throw new GeneralSecurityException("tls-cert-file and tls-key-file must be set for tls-port");
        }
        SslContextBuilder b = SslContextBuilder.forServer(keyManagers(certFile, keyFile, keyFilePass))
                .protocols(protocols);
        ClientAuth auth = switch (authClients) {
            case "no" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            default -> ClientAuth.REQUIRE;
        };
        if (auth != ClientAuth.NONE || caCertFile != null || caCertDir != null) {
            b.trustManager(trustManagers());
        }
        return b.clientAuth(auth).build();
    }

    /** The key this sentinel presents on its own outgoing TLS links. */
    public KeyManagerFactory clientKeyManagers() throws IOException, GeneralSecurityException {
        if (clientCertFile != null && clientKeyFile != null) {
            return keyManagers(clientCertFile, clientKeyFile, clientKeyFilePass);
        }
        if (certFile == null || keyFile == null) {
            throw new GeneralSecurityException("tls-replication needs tls-cert-file and tls-key-file "
                    + "(or tls-client-cert-file and tls-client-key-file)");
        }
        return keyManagers(certFile, keyFile, keyFilePass);
    }

    /** Trust in {@code tls-ca-cert-file} and every certificate file of {@code tls-ca-cert-dir}. */
    public TrustManagerFactory trustManagers() throws IOException, GeneralSecurityException {
        if (caCertFile == null && caCertDir == null) {
            throw new GeneralSecurityException("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when "
                    + "tls-cluster, tls-replication or tls-auth-clients are enabled!");
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int n = 0;
        if (caCertFile != null) {
            for (X509Certificate c : PemFiles.certificates(Path.of(caCertFile))) {
                ks.setCertificateEntry("ca" + n++, c);
            }
        }
        if (caCertDir != null) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(caCertDir))) {
                for (Path p : dir) {
                    try {
                        for (X509Certificate c : PemFiles.certificates(p)) {
                            ks.setCertificateEntry("ca" + n++, c);
                        }
                    } catch (IOException | GeneralSecurityException e) {
                        // not a certificate file (OpenSSL's hashed dirs hold links and other files too)
                    }
                }
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    private static KeyManagerFactory keyManagers(String cert, String key, String pass)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = PemFiles.certificates(Path.of(cert));
        PrivateKey pk = PemFiles.privateKey(Path.of(key), pass);
        char[] pw = "jsentinel".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", pk, pw, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        Arrays.fill(pw, '\0');
        return kmf;
    }

    /** Hides the key passwords, which a record's default toString would print. */
    @Override
    public String toString() {
        return "TlsSettings[port=" + port + ", certFile=" + certFile + ", keyFile=" + keyFile + ", caCertFile="
                + caCertFile + ", caCertDir=" + caCertDir + ", authClients=" + authClients + ", replication="
                + replication + ", protocols=" + protocols + ", keyFilePass=" + (keyFilePass == null ? "" : "(redacted)")
                + "]";
    }
}
