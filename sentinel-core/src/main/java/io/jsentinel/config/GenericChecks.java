package io.jsentinel.config;

import io.jsentinel.config.RedisDirectives.Kind;
import io.jsentinel.config.RedisDirectives.Spec;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates the arguments of standard {@code redis-server} 7.0 directives with Redis' error texts, and gives
 * the value form a config rewrite writes for them.
 */
final class GenericChecks {
    static final String WRONG_ARGS = "wrong number of arguments";
    private static final BigInteger ULLONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final String EVENT_CHARS = "Ag$lshzxeKEtmdn";
    private static final Set<String> TITLE_VARS =
            Set.of("title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket", "config-file");

    private GenericChecks() {
    }

    /** Redis' error for {@code args} (the values after the name) of a standard directive, or null. */
    static String check(Spec spec, List<String> args) {
        if (spec.kind() != Kind.SPECIAL && args.size() != 1) {
            return WRONG_ARGS;
        }
        return switch (spec.kind()) {
            case BOOL -> ConfigValidation.parseYesNo(args.get(0)) == null ? "argument must be 'yes' or 'no'" : null;
            case ENUM -> enumIndex(spec, args.get(0)) < 0
                    ? "argument(s) must be one of the following: " + String.join(", ", spec.enumValues()) : null;
            case INT -> checkInt(spec, args.get(0));
            case MEMORY -> checkMemory(spec, args.get(0));
            case STRING -> null;
            case SPECIAL -> checkSpecial(spec.name(), args);
        };
    }

    private static int enumIndex(Spec spec, String v) {
        return spec.enumValues().indexOf(v.toLowerCase(Locale.ROOT));
    }

    private static String checkInt(Spec spec, String v) {
        Long n = ConfigValidation.string2ll(v);
        if (n == null) {
            return "argument couldn't be parsed into an integer";
        }
        return inRange(spec, BigInteger.valueOf(n));
    }

    private static String inRange(Spec spec, BigInteger n) {
        if (n.compareTo(spec.min()) < 0 || n.compareTo(spec.max()) > 0) {
            return "argument must be between " + spec.min() + " and " + spec.max() + " inclusive";
        }
        return null;
    }

    private static String checkMemory(Spec spec, String v) {
        BigInteger n = memToUll(v);
        return n == null ? "argument must be a memory value" : inRange(spec, n);
    }

    /** Redis' {@code memtoull}: digits then an optional unit b, k, kb, m, mb, g, gb; null when malformed. */
    static BigInteger memToUll(String v) {
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i)) && v.charAt(i) < 128) {
            i++;
        }
        if (i == 0) {
            return null;
        }
        long mul = switch (v.substring(i).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000_000L;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000_000_000L;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1L;
        };
        if (mul < 0) {
            return null;
        }
        BigInteger digits = new BigInteger(v.substring(0, i)).min(ULLONG_MAX);
        // C unsigned multiplication wraps around
        return digits.multiply(BigInteger.valueOf(mul)).and(ULLONG_MAX);
    }

    private static String checkSpecial(String name, List<String> args) {
        int argc = args.size();
        switch (name) {
            case "save": {
                if (argc == 1 && args.get(0).isEmpty()) {
                    return null;
                }
                if (argc % 2 != 0) {
                    return "Invalid save parameters";
                }
                for (int j = 0; j < argc; j++) {
                    Long v = strtollFull(args.get(j));
                    if (v == null || (j % 2 == 0 && v < 1) || (j % 2 == 1 && v < 0)) {
                        return "Invalid save parameters";
                    }
                }
                return null;
            }
            case "bind":
                return argc > 16 ? "Too many bind addresses specified." : null;
            case "client-output-buffer-limit":
                return checkOutputBufferLimit(args);
            case "notify-keyspace-events": {
                if (argc != 1) {
                    return WRONG_ARGS;
                }
                for (char c : args.get(0).toCharArray()) {
                    if (EVENT_CHARS.indexOf(c) < 0) {
                        return "Invalid event class character. Use '" + EVENT_CHARS + "'.";
                    }
                }
                return null;
            }
            case "oom-score-adj-values": {
                if (argc != 3) {
                    return WRONG_ARGS;
                }
                for (String a : args) {
                    Long v = strtollFull(a);
                    if (v == null || v < -2000 || v > 2000) {
                        return "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
                    }
                }
                return null;
            }
            case "latency-tracking-info-percentiles": {
                if (argc == 1 && args.get(0).isEmpty()) {
                    return null;
                }
                for (String a : args) {
                    double d;
                    try {
                        d = Double.parseDouble(a);
                    } catch (NumberFormatException e) {
                        return "Invalid latency-tracking-info-percentiles parameters";
                    }
                    if (d < 0.0 || d > 100.0) {
                        return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
                    }
                }
                return null;
            }
            case "replicaof", "slaveof": {
                if (argc != 2) {
                    return WRONG_ARGS;
                }
                if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
                    return null;
                }
                Long port = strtollFull(args.get(1));
                return port == null || port < 0 || port > 65535 ? "Invalid master port" : null;
            }
            case "dir":
                // checked by the loader, which needs its notion of the current directory
                return argc != 1 ? WRONG_ARGS : null;
            case "unixsocketperm": {
                if (argc != 1) {
                    return WRONG_ARGS;
                }
                return args.get(0).matches("[0-7]+") && Long.parseLong(args.get(0), 8) <= 0777
                        ? null : "argument couldn't be parsed as an octal number";
            }
            case "maxmemory-clients": {
                if (argc != 1) {
                    return WRONG_ARGS;
                }
                String v = args.get(0);
                if (v.endsWith("%")) {
                    Long pct = ConfigValidation.string2ll(v.substring(0, v.length() - 1));
                    if (pct == null || pct < 0) {
                        return "argument must be a memory or percent value";
                    }
                    return pct > 100 ? "percentage argument must be less or equal to 100" : null;
                }
                return memToUll(v) == null ? "argument must be a memory or percent value" : null;
            }
            case "proc-title-template":
                return argc != 1 ? WRONG_ARGS : validTitle(args.get(0)) ? null
                        : "template format is invalid or contains unknown variables";
            default:
                return null;
        }
    }

    private static boolean validTitle(String t) {
        int i = 0;
        boolean any = false;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '{') {
                int end = t.indexOf('}', i);
                if (end < 0 || !TITLE_VARS.contains(t.substring(i + 1, end))) {
                    return false;
                }
                any |= t.substring(i + 1, end).equals("title");
                i = end + 1;
            } else if (c == '}') {
                return false;
            } else {
                i++;
            }
        }
        return any;
    }

    private static String checkOutputBufferLimit(List<String> args) {
        if (args.size() % 4 != 0) {
            return "Wrong number of arguments in buffer limit configuration.";
        }
        for (int j = 0; j < args.size(); j += 4) {
            String cls = args.get(j).toLowerCase(Locale.ROOT);
            if (!Set.of("normal", "slave", "replica", "pubsub").contains(cls)) {
                return "Invalid client class specified in buffer limit configuration.";
            }
            Long secs = strtollFull(args.get(j + 3));
            if (memToUll(args.get(j + 1)) == null || memToUll(args.get(j + 2)) == null || secs == null || secs < 0) {
                return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            }
        }
        return null;
    }

    /** C {@code strtoll} that must consume the whole (non-empty) text; null otherwise. */
    private static Long strtollFull(String s) {
        if (!s.matches("\\s*[+-]?[0-9]+")) {
            return null;
        }
        return ConfigValidation.strtol(s);
    }

    /**
     * The value a rewrite writes for a standard single-value directive, or null for the special ones, which
     * are kept as they were written.
     */
    static String rewriteValue(Spec spec, String value) {
        return switch (spec.kind()) {
            case BOOL -> ConfigValidation.parseYesNo(value) ? "yes" : "no";
            case ENUM -> value.toLowerCase(Locale.ROOT);
            case INT -> value;
            case MEMORY -> formatMemory(memToUll(value));
            case STRING -> ConfigTokenizer.repr(value);
            case SPECIAL -> null;
        };
    }

    /** Whether {@code value} equals the directive's default (which is given in CONFIG GET form). */
    static boolean isDefault(Spec spec, String value) {
        return switch (spec.kind()) {
            case BOOL, ENUM -> value.equalsIgnoreCase(spec.defaultValue());
            case INT -> value.equals(spec.defaultValue());
            case MEMORY -> memToUll(value).equals(memToUll(spec.defaultValue()));
            case STRING -> value.equals(spec.defaultValue());
            case SPECIAL -> false;
        };
    }

    /** Redis' rewrite form of a byte count: the largest of gb, mb, kb dividing it exactly. */
    static String formatMemory(BigInteger bytes) {
        long[] units = {1L << 30, 1L << 20, 1L << 10};
        String[] names = {"gb", "mb", "kb"};
        if (bytes.signum() != 0) {
            for (int i = 0; i < units.length; i++) {
                BigInteger[] qr = bytes.divideAndRemainder(BigInteger.valueOf(units[i]));
                if (qr[1].signum() == 0) {
                    return qr[0] + names[i];
                }
            }
        }
        return bytes.toString();
    }
}
