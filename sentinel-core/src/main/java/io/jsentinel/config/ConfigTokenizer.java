package io.jsentinel.config;

import io.jsentinel.resp.InlineSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configuration line into arguments with the rules of Redis' {@code sdssplitargs}, and quotes a
 * value back the way {@code sdscatrepr} does.
 *
 * <p>Double quotes understand {@code \n \r \t \b \a \\ \" \xHH} (any other escaped character stands for
 * itself); single quotes only {@code \'}. A closing quote must be followed by white space or the end of
 * the line, and an unterminated quote is an error; both make {@link #split} return null, which the loader
 * reports as {@code Unbalanced quotes in configuration line}.
 */
public final class ConfigTokenizer {
    private ConfigTokenizer() {
    }

    /**
     * The arguments of {@code line}, or null when its quotes are unbalanced. The line is split as the bytes of
     * its UTF-8 form by the same {@code sdssplitargs} rules as inline commands ({@link InlineSplitter}), and
     * each argument is read back as UTF-8: an escaped multi-byte character ({@code "\\xc3\\xa9"}) is the
     * character again.
     */
    public static List<String> split(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        List<byte[]> args = InlineSplitter.split(bytes, 0, bytes.length);
        if (args == null) {
            return null;
        }
        List<String> out = new ArrayList<>(args.size());
        for (byte[] a : args) {
            out.add(new String(a, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * {@code s} as one argument of a config line that {@link #split} reads back as exactly {@code s}: as it
     * is when it is plain (printable ASCII without spaces or quotes, so files stay as redis-sentinel 7.0
     * writes them), else quoted with {@link #repr}. Every value a rewrite writes goes through here, so no
     * value can end its line or become another argument (a {@code SENTINEL SET} value with a newline was a
     * config injection in redis-sentinel 7.0).
     */
    public static String arg(String s) {
        if (s.isEmpty()) {
            return "\"\"";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'') {
                return repr(s);
            }
        }
        return s;
    }

    /** Whether {@code s} holds a control character (0x00-0x1F or 0x7F), which no config value may hold. */
    public static boolean hasControlChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code s} in double quotes with Redis' escapes ({@code sdscatrepr}), which work on bytes: every byte of
     * the UTF-8 form outside printable ASCII is written {@code \\xHH}, so {@code é} becomes
     * {@code "\\xc3\\xa9"}, as redis-server writes it.
     */
    public static String repr(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            switch (c) {
                case '\\', '"' -> b.append('\\').append((char) c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 7 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append(String.format("\\x%02x", c));
                    } else {
                        b.append((char) c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** {@code line} without leading and trailing spaces, tabs, CR and LF ({@code sdstrim}). */
    public static String trim(String line) {
        int s = 0;
        int e = line.length();
        while (s < e && isTrim(line.charAt(s))) {
            s++;
        }
        while (e > s && isTrim(line.charAt(e - 1))) {
            e--;
        }
        return line.substring(s, e);
    }

    private static boolean isTrim(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
