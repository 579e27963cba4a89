package io.jsentinel.config;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks and number conversions shared by the config loader and the runtime commands ({@code SENTINEL SET},
 * {@code SENTINEL MONITOR}, {@code SENTINEL CONFIG SET}). The {@code check*} methods return Redis' error
 * text or null when the value is fine; the texts of the runtime commands (no final period) differ from the
 * config-file ones, so both are given.
 */
public final class ConfigValidation {
    /** {@code SENTINEL SET} texts (protocol doc §8.4). */
    public static final String NOTIFICATION_SCRIPT_ERROR = "Notification script seems non existing or non executable";
    public static final String RECONFIG_SCRIPT_ERROR = "Client reconfiguration script seems non existing or non executable";
    public static final String SCRIPTS_DENIED = "Reconfiguration of scripts path is denied for security reasons. "
            + "Check the deny-scripts-reconfig configuration directive in your Sentinel configuration";

    private static final BigInteger ULLONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private ConfigValidation() {
    }

    /**
     * Whether {@code path} names an existing file the process may execute (C {@code access(X_OK)}), a relative
     * path being taken from {@code dir} (the sentinel's working directory; null: the process directory).
     */
    public static boolean isExecutable(String dir, String path) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        try {
            Path p = ServerSettings.resolveIn(dir, path);
            return Files.exists(p) && Files.isExecutable(p);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** {@code SENTINEL SET … notification-script}: error text without the {@code -ERR } prefix, or null. */
    public static String checkNotificationScript(String dir, String path) {
        return path.isEmpty() || isExecutable(dir, path) ? null : NOTIFICATION_SCRIPT_ERROR;
    }

    /** {@code SENTINEL SET … client-reconfig-script}: error text, or null. */
    public static String checkClientReconfigScript(String dir, String path) {
        return path.isEmpty() || isExecutable(dir, path) ? null : RECONFIG_SCRIPT_ERROR;
    }

    /** Whether a port number is in 0–65535. */
    public static boolean isValidPort(long port) {
        return port >= 0 && port <= 65535;
    }

    /**
     * {@code yes}/{@code no} in any case ({@code yesnotoi}): TRUE, FALSE, or null for anything else.
     */
    public static Boolean parseYesNo(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.equals("yes") ? Boolean.TRUE : l.equals("no") ? Boolean.FALSE : null;
    }

    /**
     * C {@code atoi} as glibc does it: leading white space, a sign, then digits up to the first non-digit;
     * no digits gives 0; values beyond {@code long} saturate and are then truncated to 32 bits.
     */
    public static int atoi(String s) {
        return (int) strtol(s);
    }

    /** C {@code strtol(s, NULL, 10)}: like {@link #atoi} but saturating to the {@code long} range. */
    public static long strtol(String s) {
        BigInteger v = leadingInteger(s);
        if (v.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        if (v.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        return v.longValue();
    }

    /**
     * C {@code strtoull(s, NULL, 10)}: the unsigned 64-bit result as a {@code long} bit pattern (use
     * {@link Long#toUnsignedString(long)} to print it). A minus sign negates modulo 2^64; overflow gives
     * 2^64-1.
     */
    public static long strtoull(String s) {
        BigInteger v = leadingInteger(s);
        BigInteger mag = v.abs();
        if (mag.compareTo(ULLONG_MAX) > 0) {
            return -1L;
        }
        long bits = mag.longValue();
        return v.signum() < 0 ? -bits : bits;
    }

    private static BigInteger leadingInteger(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || (s.charAt(i) >= '\t' && s.charAt(i) <= '\r'))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            return BigInteger.ZERO;
        }
        BigInteger v = new BigInteger(s.substring(start, i));
        return neg ? v.negate() : v;
    }

    /**
     * Strict integer parsing like Redis' {@code string2ll}: optional minus, no plus, no leading zeros, no
     * spaces; null when the text is not such a number or does not fit in 64 bits signed.
     */
    public static Long string2ll(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return null;
        }
        if (s.equals("0")) {
            return 0L;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i >= s.length() || s.charAt(i) < '1' || s.charAt(i) > '9') {
            return null;
        }
        for (int j = i + 1; j < s.length(); j++) {
            if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal, as {@code inet_pton} accepts it. */
    /**
     * Whether a sentinel can take {@code host} as an instance address: an IP literal, or with
     * {@code resolve-hostnames yes} a host name (letters, digits, dot, dash, underscore). Redis refuses what
     * it cannot resolve; names are checked by syntax here, so that no address from a command, a peer's
     * hello or a replica's INFO can carry spaces or control characters into sentinel.conf.
     */
    public static boolean isAcceptableHost(String host, boolean resolveHostnames) {
        return isIpLiteral(host) || (resolveHostnames && isHostname(host));
    }

    static boolean isHostname(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isIpLiteral(String host) {
        return isIpv4(host) || isIpv6(host);
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return false;
            }
            for (char c : p.toCharArray()) {
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String s) {
        if (s.indexOf(':') < 0) {
            return false;
        }
        int groups = 0;
        String rest = s;
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return false;
        }
        int lastColon = s.lastIndexOf(':');
        String tail = s.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {
            if (!isIpv4(tail)) {
                return false;
            }
            groups += 2;
            rest = s.substring(0, lastColon + 1);
            if (rest.endsWith(":") && !rest.endsWith("::")) {
                rest = rest.substring(0, rest.length() - 1);
            }
        }
        String[] sides = dbl >= 0 ? rest.split("::", -1) : new String[] {rest};
        for (String side : sides) {
            if (side.isEmpty()) {
                continue;
            }
            for (String g : side.split(":", -1)) {
                if (g.isEmpty() || g.length() > 4) {
                    return false;
                }
                for (char c : g.toCharArray()) {
                    if (Character.digit(c, 16) < 0) {
                        return false;
                    }
                }
                groups++;
            }
        }
        return dbl >= 0 ? groups <= 7 : groups == 8;
    }
}
