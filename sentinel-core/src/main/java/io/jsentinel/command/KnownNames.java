package io.jsentinel.command;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Lower-case command and subcommand names, looked up from request bytes in any letter case without
 * building a String: every request names its command, and decoding plus lower-casing it was the largest
 * cost of the command path under load. Immutable after construction, so any thread may read it.
 */
public final class KnownNames {
    private final byte[][] keys;
    private final String[] values;
    private final int mask;

    public KnownNames(Collection<String> names) {
        Set<String> unique = new LinkedHashSet<>();
        for (String n : names) {
            unique.add(n.toLowerCase(Locale.ROOT));
        }
        int size = Integer.highestOneBit(Math.max(4, unique.size() * 4 - 1)) << 1;
        keys = new byte[size][];
        values = new String[size];
        mask = size - 1;
        for (String n : unique) {
            byte[] b = n.getBytes(StandardCharsets.ISO_8859_1);
            int i = hash(b) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = b;
            values[i] = n;
        }
    }

    /** The lower-case name spelled by {@code raw} in any ASCII letter case, or null when unknown. */
    public String lookup(byte[] raw) {
        int i = hash(raw) & mask;
        byte[] k;
        while ((k = keys[i]) != null) {
            if (equalsIgnoreCase(k, raw)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static byte lowerAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static int hash(byte[] b) {
        int h = 1;
        for (byte x : b) {
            h = 31 * h + lowerAscii(x);
        }
        return h ^ (h >>> 16);
    }

    /** Whether {@code raw} spells {@code lowerKey} (lower case) in any ASCII letter case. */
    public static boolean equalsIgnoreCase(byte[] lowerKey, byte[] raw) {
        if (lowerKey.length != raw.length) {
            return false;
        }
        for (int i = 0; i < raw.length; i++) {
            if (lowerKey[i] != lowerAscii(raw[i])) {
                return false;
            }
        }
        return true;
    }
}
