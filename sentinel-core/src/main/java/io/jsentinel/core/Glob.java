package io.jsentinel.core;

/** Redis' glob matching ({@code stringmatchlen}): {@code * ? [abc] [^a-z] \x}. */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(String pattern, String s, boolean noCase) {
        return match(pattern, 0, s, 0, noCase, 0);
    }

    private static boolean match(String p, int pi, String s, int si, boolean noCase, int depth) {
        if (depth > 1000) {
            return false;
        }
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k, noCase, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length() && p.charAt(pi) == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    char sc = s.charAt(si);
                    while (pi < p.length() && p.charAt(pi) != ']') {
                        if (p.charAt(pi) == '\\' && pi + 1 < p.length()) {
                            pi++;
                            found |= eq(p.charAt(pi), sc, noCase);
                        } else if (pi + 2 < p.length() && p.charAt(pi + 1) == '-') {
                            char lo = p.charAt(pi);
                            char hi = p.charAt(pi + 2);
                            if (lo > hi) {
                                char t = lo;
                                lo = hi;
                                hi = t;
                            }
                            char x = noCase ? Character.toLowerCase(sc) : sc;
                            char l2 = noCase ? Character.toLowerCase(lo) : lo;
                            char h2 = noCase ? Character.toLowerCase(hi) : hi;
                            found |= x >= l2 && x <= h2;
                            pi += 2;
                        } else {
                            found |= eq(p.charAt(pi), sc, noCase);
                        }
                        pi++;
                    }
                    if (not) {
                        found = !found;
                    }
                    if (!found) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length()) {
                        pi++;
                    }
                    if (si >= s.length() || !eq(p.charAt(pi), s.charAt(si), noCase)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length() || !eq(c, s.charAt(si), noCase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length();
    }

    private static boolean eq(char a, char b, boolean noCase) {
        return noCase ? Character.toLowerCase(a) == Character.toLowerCase(b) : a == b;
    }
}
