package io.jsentinel.server;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** How ACL LIST and ACL GETUSER describe a user: its line, and its command permissions (docs/security.md). */
final class AclDescription {
    private AclDescription() {
    }

    /** The {@code ACL LIST} line of {@code u}, read under its lock. */
    static String aclListLine(AclUser u) {
        synchronized (u) {
            StringBuilder sb = new StringBuilder("user ").append(u.name());
            for (String f : u.flags()) {
                sb.append(' ').append(f);
            }
            for (String h : u.passwordHashes()) {
                sb.append(" #").append(h);
            }
            String keys = u.keysText();
            if (!keys.isEmpty()) {
                sb.append(' ').append(keys);
            }
            String channels = u.channelsText();
            sb.append(' ').append(channels.equals("&*") ? "&*"
                    : channels.isEmpty() ? "resetchannels" : "resetchannels " + channels);
            sb.append(' ').append(u.commandRules());
            return sb.toString();
        }
    }

    /**
     * Redis 7.0's ACLDescribeSelectorCommandRules: {@code +@all} or {@code -@all}, then the best-fitting
     * categories one by one, then single commands for the bits still different. Redis emits the single
     * commands in the order of its (randomly seeded) command dict; we use the command table's order.
     */
    static String commandRules(AclStore.Commands table, BitSet commands, Map<Integer, ? extends Set<String>> firstArgs) {
        int future = table.size();
        boolean additive = !commands.get(future);
        StringBuilder rules = new StringBuilder(additive ? "-@all " : "+@all ");
        BitSet fake = new BitSet();
        if (!additive) {
            fake.set(0, table.size() + 1);
        }
        BitSet temp = (BitSet) commands.clone();
        Set<String> applied = new HashSet<>();
        while (true) {
            String best = null;
            long mindiff = Integer.MAX_VALUE;
            long maxsame = 0;
            for (String cat : AclStore.CATEGORIES) {
                if (applied.contains(cat)) {
                    continue;
                }
                long on = 0;
                long off = 0;
                for (int id : table.category(cat)) {
                    if (temp.get(id)) {
                        on++;
                    } else {
                        off++;
                    }
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < mindiff || (diff == mindiff && same > maxsame))) {
                    best = cat;
                    mindiff = diff;
                    maxsame = same;
                }
            }
            if (best == null) {
                break;
            }
            for (int id : table.category(best)) {
                setWithSubs(table, fake, id, additive);
                setWithSubs(table, temp, id, !additive);
            }
            rules.append(additive ? "+@" : "-@").append(best).append(' ');
            applied.add(best);
        }
        for (int id = 0; id < table.size(); id++) {
            boolean user = commands.get(id);
            if (user != fake.get(id)) {
                rules.append(user ? '+' : '-').append(table.name(id)).append(' ');
                setWithSubs(table, fake, id, user);
            }
            Set<String> args = firstArgs.get(id);
            if (args != null) {
                for (String a : args) {
                    rules.append('+').append(table.name(id)).append('|').append(a).append(' ');
                }
            }
        }
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private static void setWithSubs(AclStore.Commands table, BitSet bits, int id, boolean value) {
        bits.set(id, value);
        for (int sub : table.subcommands(id)) {
            bits.set(sub, value);
        }
    }
}
