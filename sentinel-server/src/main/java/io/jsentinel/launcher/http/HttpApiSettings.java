package io.jsentinel.launcher.http;

import io.jsentinel.RunningSentinel;
import io.jsentinel.config.HttpDirectives;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.tls.TlsSettings;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the metrics port serves besides {@code /metrics} and {@code /health}: the {@code /v1} API
 * ({@code http-api yes}), how its callers authenticate ({@code http-auth}), and TLS (on when the sentinel has a
 * {@code tls-port}: the same certificate, key and client-certificate rule as that port).
 *
 * @param apiEnabled whether {@code /v1/...} is served
 * @param auth how API requests authenticate
 * @param token the bearer token when {@code auth} is {@link Auth#TOKEN}, else null
 * @param tls the context of the whole port when the API is on and the sentinel has TLS, else null
 */
public record HttpApiSettings(boolean apiEnabled, Auth auth, String token, SslContext tls) {
    /** Tokens shorter than this are refused: a bearer token is the whole secret. */
    static final int MIN_TOKEN_LENGTH = 16;

    /** The {@code http-auth} modes. */
    public enum Auth {
        /** Anyone who reaches the port may call the API. */
        NONE,
        /** HTTP Basic, checked against the sentinel's ACL users as {@code AUTH user password} would be. */
        ACL,
        /** {@code Authorization: Bearer <token>}, the token read from a file at start. */
        TOKEN
    }

    /** Only {@code /metrics} and {@code /health}, over plain HTTP, as before the API existed. */
    public static HttpApiSettings off() {
        return new HttpApiSettings(false, Auth.NONE, null, null);
    }

    @Override
    public String toString() {
        return "HttpApiSettings[api=" + apiEnabled + ", auth=" + auth + ", tls=" + (tls != null) + "]";
    }

    /**
     * Reads {@code http-api}, {@code http-auth} and the TLS directives.
     *
     * @param metricsPort the resolved metrics port (the API needs one)
     * @throws IllegalArgumentException with the message to print before refusing to start
     */
    public static HttpApiSettings from(ServerSettings server, int metricsPort) {
        if (!HttpDirectives.apiEnabled(server)) {
            return off();
        }
        if (metricsPort <= 0) {
            throw new IllegalArgumentException("http-api yes needs metrics-port: the API is served on the metrics port");
        }
        Auth auth = Auth.valueOf(HttpDirectives.authMode(server).toUpperCase(Locale.ROOT));
        String token = null;
        if (auth == Auth.TOKEN) {
            token = readToken(server.resolve(HttpDirectives.tokenFile(server)));
        }
        SslContext tls = null;
        TlsSettings tlsSettings = TlsSettings.from(server);
        if (tlsSettings.serverEnabled()) {
            try {
                tls = tlsSettings.serverContext();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("Failed to configure TLS for the HTTP API: " + e.getMessage(), e);
            }
        }
        return new HttpApiSettings(true, auth, token, tls);
    }

    /** The start-up log line: where the port serves what. */
    public String describe(String host, int port) {
        if (!apiEnabled) {
            return "Metrics and health on http://" + host + ":" + port + "/metrics and /health";
        }
        return "Metrics, health and the HTTP API on " + (tls != null ? "https" : "http") + "://" + host + ":" + port
                + " (/metrics, /health, /v1; http-auth " + auth.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** What an operator should know about this set-up, as sentences without the final period. */
    public List<String> startupWarnings(RunningSentinel sentinel) {
        if (!apiEnabled) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (auth == Auth.NONE) {
            out.add("the HTTP API has no authentication (http-auth none): anyone who reaches the metrics port can "
                    + "start a switchover; set 'http-auth acl' or 'http-auth token <file>'");
        }
        if (auth == Auth.ACL && sentinel.checkAccess("default", "", List.of("SENTINEL", "FAILOVER", "x"))
                == RunningSentinel.Access.ALLOWED) {
            out.add("http-auth acl: the default user needs no password, so the HTTP API takes user 'default' with "
                    + "any password, as AUTH does; set 'requirepass <password>', or 'user default off'");
        }
        return out;
    }

    /**
     * The first line of {@code file}, trimmed. Refused when the file cannot be read, when other users may read or
     * write it (the token is a password), or when the token is short or has characters a header cannot carry.
     */
    static String readToken(Path file) {
        String where = "http-auth token file '" + file + "'";
        List<String> lines;
        try {
            Set<PosixFilePermission> perms = posixPermissions(file);
            if (perms != null && (perms.contains(PosixFilePermission.OTHERS_READ)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE))) {
                throw new IllegalArgumentException(where + " is readable or writable by other users: "
                        + "chmod o-rwx it (it holds a password)");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Can't read " + where + ": " + reason(e), e);
        }
        String token = lines.isEmpty() ? "" : lines.get(0).strip();
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(where + " holds a token shorter than " + MIN_TOKEN_LENGTH
                    + " characters (make one with: openssl rand -hex 32)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException(where + ": the token must be printable ASCII without spaces");
            }
        }
        return token;
    }

    private static Set<PosixFilePermission> posixPermissions(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null; // not a POSIX file system: nothing to check
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return String.valueOf(e.getMessage());
    }
}
