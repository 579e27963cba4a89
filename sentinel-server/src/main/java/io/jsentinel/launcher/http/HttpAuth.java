package io.jsentinel.launcher.http;

import io.jsentinel.RunningSentinel;
import io.jsentinel.launcher.http.ApiViews.ErrorView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Who may call an API route ({@code http-auth}). Each route stands for the sentinel command a RESP client would
 * send for the same thing ({@code SENTINEL MASTERS}, {@code SENTINEL MASTER <name>}, {@code SENTINEL FAILOVER
 * <name>}), so with {@code acl} a user's ACL rules decide over HTTP as they do on the port.
 */
final class HttpAuth {
    static final String REALM = "jsentinel";

    private final HttpApiSettings.Auth mode;
    private final byte[] token;
    private final RunningSentinel sentinel;

    HttpAuth(HttpApiSettings settings, RunningSentinel sentinel) {
        this.mode = settings.auth();
        this.token = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.US_ASCII);
        this.sentinel = sentinel;
    }

    /** Null when {@code request} may run {@code command}; else the 401 or 403 answer. */
    Reply refusal(HttpRequest request, List<String> command) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return switch (mode) {
            case NONE -> null;
            case TOKEN -> bearer(header);
            case ACL -> basic(header, command);
        };
    }

    private Reply bearer(String header) {
        String presented = credentials(header, "bearer");
        if (presented == null) {
            return unauthorized("Bearer realm=\"" + REALM + "\"", "an Authorization: Bearer <token> header is needed");
        }
        // constant time: the comparison must not tell how much of a guess was right
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            return unauthorized("Bearer realm=\"" + REALM + "\", error=\"invalid_token\"", "invalid token");
        }
        return null;
    }

    private Reply basic(String header, List<String> command) {
        String challenge = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
        String encoded = credentials(header, "basic");
        if (encoded == null) {
            return unauthorized(challenge, "an Authorization: Basic header with an ACL user and password is needed");
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return unauthorized(challenge, "malformed Basic credentials");
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return unauthorized(challenge, "malformed Basic credentials");
        }
        RunningSentinel.Access access = sentinel.checkAccess(pair.substring(0, colon), pair.substring(colon + 1),
                command);
        return switch (access) {
            case ALLOWED -> null;
            case NO_PERMISSION -> Reply.json(HttpResponseStatus.FORBIDDEN, new ErrorView("forbidden",
                    "this user has no permissions to run the '" + String.join(" ", command.subList(0, 2))
                            .toLowerCase(Locale.ROOT) + "' command"));
            case WRONG_PASSWORD -> unauthorized(challenge, "invalid username-password pair or user is disabled");
        };
    }

    /** The credentials after {@code scheme} (case-insensitive, as RFC 7235 says), or null. */
    private static String credentials(String header, String scheme) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space <= 0 || !h.substring(0, space).equalsIgnoreCase(scheme)) {
            return null;
        }
        String rest = h.substring(space + 1).strip();
        return rest.isEmpty() ? null : rest;
    }

    private static Reply unauthorized(String challenge, String message) {
        return Reply.json(HttpResponseStatus.UNAUTHORIZED, new ErrorView("unauthorized", message))
                .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), challenge);
    }
}
