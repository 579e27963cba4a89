package io.jsentinel.config;

import java.util.List;
import java.util.Locale;

/**
 * The directives of the launcher's HTTP API (ours, not Redis'; docs/http-api.md): {@code http-api yes|no} and
 * {@code http-auth none | acl | token <file>}. The loader checks their shape and keeps them in
 * {@link ServerSettings#generic()} under their names; the launcher acts on them. Like {@code metrics-port},
 * they are written back by a rewrite, so a value given as {@code --http-api yes} persists as Redis persists
 * any option given on the command line.
 */
public final class HttpDirectives {
    /** The authentication modes of {@code http-auth}. */
    public static final List<String> AUTH_MODES = List.of("none", "acl", "token");

    private HttpDirectives() {
    }

    /** Redis-style error text for a bad {@code http-api}/{@code http-auth} line, or null when it is valid. */
    static String check(String name, List<String> args) {
        if (name.equals("http-api")) {
            if (args.size() != 1) {
                return "wrong number of arguments";
            }
            return ConfigValidation.parseYesNo(args.get(0)) == null ? "argument must be 'yes' or 'no'" : null;
        }
        if (args.isEmpty()) {
            return "wrong number of arguments";
        }
        String mode = args.get(0).toLowerCase(Locale.ROOT);
        if (!AUTH_MODES.contains(mode)) {
            return "argument(s) must be one of the following: " + String.join(", ", AUTH_MODES);
        }
        if (mode.equals("token")) {
            return args.size() == 2 && !args.get(1).isEmpty() ? null
                    : "http-auth token needs one file: http-auth token <file>";
        }
        return args.size() == 1 ? null : "wrong number of arguments";
    }

    /** Whether {@code http-api yes} is set. */
    public static boolean apiEnabled(ServerSettings s) {
        List<String> v = s.genericArgs("http-api");
        return v != null && v.size() == 1 && Boolean.TRUE.equals(ConfigValidation.parseYesNo(v.get(0)));
    }

    /** The {@code http-auth} mode in lower case, {@code none} when absent. */
    public static String authMode(ServerSettings s) {
        List<String> v = s.genericArgs("http-auth");
        return v == null || v.isEmpty() ? "none" : v.get(0).toLowerCase(Locale.ROOT);
    }

    /** The token file of {@code http-auth token <file>} as written, or null. */
    public static String tokenFile(ServerSettings s) {
        List<String> v = s.genericArgs("http-auth");
        return v != null && v.size() == 2 ? v.get(1) : null;
    }

    /** How {@link ConfigDocument} rewrites one option. */
    interface Rewriter {
        void rewrite(String option, String line, boolean force);
    }

    static void rewrite(ServerSettings s, Rewriter st) {
        boolean api = apiEnabled(s);
        st.rewrite("http-api", "http-api " + (api ? "yes" : "no"), api);
        String mode = authMode(s);
        String file = tokenFile(s);
        st.rewrite("http-auth", "http-auth " + mode + (file == null ? "" : " " + ConfigTokenizer.arg(file)),
                !mode.equals("none"));
    }
}
