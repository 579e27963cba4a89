package io.jsentinel.config;

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

    /** The arguments of {@code line}, or null when its quotes are unbalanced. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int p = 0;
        while (true) {
            while (p < n && isSpace(line.charAt(p))) {
                p++;
            }
            if (p >= n) {
                return out;
            }
            Token cur = new Token();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (p >= n) {
                        return null;
                    }
                    char c = line.charAt(p);
                    if (c == '\\' && p + 3 < n && line.charAt(p + 1) == 'x'
                            && isHex(line.charAt(p + 2)) && isHex(line.charAt(p + 3))) {
                        cur.appendByte(Integer.parseInt(line.substring(p + 2, p + 4), 16));
                        p += 3;
                    } else if (c == '\\' && p + 1 < n) {
                        p++;
                        char e = line.charAt(p);
                        switch (e) {
                            case 'n' -> cur.append('\n');
                            case 'r' -> cur.append('\r');
                            case 't' -> cur.append('\t');
                            case 'b' -> cur.append('\b');
                            case 'a' -> cur.append((char) 7);
                            default -> p = cur.appendChar(line, p);
                        }
                    } else if (c == '"') {
                        if (p + 1 < n && !isSpace(line.charAt(p + 1))) {
                            return null;
                        }
                        done = true;
                    } else {
                        p = cur.appendChar(line, p);
                    }
                } else if (inSingle) {
                    if (p >= n) {
                        return null;
                    }
                    char c = line.charAt(p);
                    if (c == '\\' && p + 1 < n && line.charAt(p + 1) == '\'') {
                        p++;
                        cur.append('\'');
                    } else if (c == '\'') {
                        if (p + 1 < n && !isSpace(line.charAt(p + 1))) {
                            return null;
                        }
                        done = true;
                    } else {
                        p = cur.appendChar(line, p);
                    }
                } else {
                    if (p >= n) {
                        done = true;
                        continue;
                    }
                    char c = line.charAt(p);
                    switch (c) {
                        case ' ', '\n', '\r', '\t', '\0' -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> p = cur.appendChar(line, p);
                    }
                }
                if (p < n) {
                    p++;
                }
            }
            out.add(cur.text());
        }
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

    /**
     * One argument being read, as bytes like Redis' {@code sdssplitargs}: {@code \\xHH} escapes are bytes, the
     * other characters their UTF-8 bytes, and the whole is read back as UTF-8, so an escaped multi-byte
     * character ({@code "\\xc3\\xa9"}) is the character again.
     */
    private static final class Token {
        private byte[] bytes = new byte[16];
        private int size;

        void appendByte(int b) {
            if (size == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) b;
        }

        void append(char c) {
            appendByte(c);
        }

        /** Appends the character at {@code p} (a surrogate pair as one); returns the index of its last char. */
        int appendChar(String line, int p) {
            char c = line.charAt(p);
            if (c < 0x80) {
                appendByte(c);
                return p;
            }
            int end = Character.isHighSurrogate(c) && p + 1 < line.length()
                    && Character.isLowSurrogate(line.charAt(p + 1)) ? p + 2 : p + 1;
            for (byte b : line.substring(p, end).getBytes(StandardCharsets.UTF_8)) {
                appendByte(b & 0xff);
            }
            return end - 1;
        }

        String text() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }
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

    // C isspace(): space, \t, \n, \v, \f, \r
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
