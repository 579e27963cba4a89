package io.jsentinel.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The syntax check redis-server 7.0 makes on a {@code user} line while reading the config. Rules naming
 * unknown commands or categories pass here, as in Redis, whose later ACL set-up reports them.
 */
final class AclRules {
    private static final Set<String> WORDS = Set.of("on", "off", "nopass", "resetpass", "reset", "allkeys",
            "allchannels", "allcommands", "nocommands", "resetkeys", "resetchannels", "skip-sanitize-payload",
            "sanitize-payload", "clearselectors");

    private AclRules() {
    }

    /** Redis' error for {@code argv} ({@code user <name> <rule>…}), or null. */
    static String check(List<String> argv) {
        for (int i = 2; i < argv.size(); i++) {
            String r = argv.get(i);
            if (!valid(r)) {
                // Redis names the argument two places before the bad rule (an index mix-up in 7.0)
                return "Error in user declaration '" + argv.get(i - 2) + "': Syntax error";
            }
        }
        return null;
    }

    private static boolean valid(String r) {
        if (WORDS.contains(r.toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (r.isEmpty()) {
            return false;
        }
        char c = r.charAt(0);
        if (c == '#' || c == '!') {
            return r.length() == 65 && r.substring(1).chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
        }
        return c == '>' || c == '<' || c == '~' || c == '%' || c == '&' || c == '+' || c == '-'
                || (c == '(' && r.endsWith(")"));
    }
}
