package io.jsentinel.util;

/** Glob matching with the rules of Redis' {@code stringmatchlen}: {@code * ? [abc] [^a-z] \x}. */
public final class GlobMatcher {
    private GlobMatcher() {
    }

    /** Whether {@code text} matches {@code pattern}, byte-wise and case-sensitive. */
    public static boolean matches(byte[] pattern, byte[] text, boolean nocase) {
        return match(pattern, 0, text, 0, nocase, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
        if (depth > 1000) {
            return false; // Redis also bounds the recursion of pathological patterns
        }
        while (pi < p.length && si <= s.length) {
            byte c = p[pi];
            if (c == '*') {
                while (pi + 1 < p.length && p[pi + 1] == '*') {
                    pi++;
                }
                if (pi + 1 == p.length) {
                    return true;
                }
                for (int k = si; k <= s.length; k++) {
                    if (match(p, pi + 1, s, k, nocase, depth + 1)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length) {
                return false;
            }
            if (c == '?') {
                si++;
                pi++;
                continue;
            }
            if (c == '[') {
                pi++;
                boolean not = pi < p.length && p[pi] == '^';
                if (not) {
                    pi++;
                }
                boolean found = false;
                while (pi < p.length && p[pi] != ']') {
                    if (p[pi] == '\\' && pi + 1 < p.length) {
                        pi++;
                        found |= eq(p[pi], s[si], nocase);
                    } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                        int lo = fold(p[pi], nocase);
                        int hi = fold(p[pi + 2], nocase);
                        if (lo > hi) {
                            int t = lo;
                            lo = hi;
                            hi = t;
                        }
                        int v = fold(s[si], nocase);
                        found |= v >= lo && v <= hi;
                        pi += 2;
                    } else {
                        found |= eq(p[pi], s[si], nocase);
                    }
                    pi++;
                }
                if (not == found) {
                    return false;
                }
                pi++; // past ']' (or the end of an unterminated class, as Redis tolerates)
                si++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.length) {
                pi++;
                c = p[pi];
            }
            if (!eq(c, s[si], nocase)) {
                return false;
            }
            pi++;
            si++;
        }
        return pi == p.length && si == s.length;
    }

    private static boolean eq(byte a, byte b, boolean nocase) {
        return fold(a, nocase) == fold(b, nocase);
    }

    private static int fold(byte b, boolean nocase) {
        int v = b & 0xff;
        return nocase && v >= 'A' && v <= 'Z' ? v + 32 : v;
    }
}
