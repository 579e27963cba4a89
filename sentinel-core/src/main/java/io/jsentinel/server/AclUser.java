package io.jsentinel.server;

import io.jsentinel.command.CommandSpec;
import io.jsentinel.util.GlobMatcher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One ACL user with Redis 7.0's root-selector semantics: on/off, passwords, key patterns, channel
 * patterns, and a command bitmap over the sentinel command table (containers and subcommands each have
 * a bit; one more bit stands for "commands added in the future", set only by {@code +@all}).
 *
 * <p>Mutated only through {@link AclStore}, which validates rule lists on a copy first so that a failing
 * {@code ACL SETUSER} changes nothing, as in Redis 7.0.
 */
public final class AclUser {
    /** Why a rule was refused; texts follow "Error in ACL SETUSER modifier '&lt;rule&gt;': ". */
    static final String SYNTAX = "Syntax error";
    static final String UNKNOWN = "Unknown command or category name in ACL";
    static final String NO_SUCH_PASSWORD = "The password you are trying to remove from the user does not exist";
    static final String BAD_HASH = "The password hash must be exactly 64 characters and contain only lowercase "
            + "hexadecimal characters";
    static final String SUBCOMMAND_FIRST_ARG = "Allowing first-arg of a subcommand is not supported";
    static final String KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not "
            + "valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    static final String CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) is "
            + "not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";

    private final String name;
    private final AclStore.Commands table;
    private boolean enabled;
    private boolean nopass;
    /** null, "sanitize-payload" or "skip-sanitize-payload". */
    private String sanitize;
    private final Set<String> passwordHashes = new LinkedHashSet<>();
    private boolean allKeys;
    private final List<String> keyPatterns = new ArrayList<>();
    private boolean allChannels;
    private final List<String> channelPatterns = new ArrayList<>();
    private BitSet commands = new BitSet();
    private final Map<Integer, LinkedHashSet<String>> firstArgs = new HashMap<>();

    AclUser(String name, AclStore.Commands table) {
        this.name = name;
        this.table = table;
    }

    public String name() {
        return name;
    }

    public synchronized boolean enabled() {
        return enabled;
    }

    public synchronized boolean nopass() {
        return nopass;
    }

    public synchronized List<String> passwordHashes() {
        return List.copyOf(passwordHashes);
    }

    public synchronized String sanitizeFlag() {
        return sanitize;
    }

    /** True when every present and future command is allowed ({@code +@all} and nothing taken away). */
    public synchronized boolean allCommands() {
        return commands.cardinality() == table.size() + 1;
    }

    synchronized boolean checkPassword(String password) {
        return enabled && (nopass || passwordHashes.contains(sha256(password)));
    }

    /**
     * Set under the lock whenever the rules change: a user allowed every command (the default user, and
     * every {@code +@all} user) is answered without taking the lock, which all I/O threads would share.
     */
    private volatile boolean runsEverything;

    private void refreshFastPath() {
        runsEverything = commands.cardinality() == table.size() + 1;
    }

    /** Redis' ACLSelectorCheckCmd for the command bits: the (sub)command's bit, or an allowed first argument. */
    public boolean canRun(CommandSpec spec, List<byte[]> argv) {
        return runsEverything || canRunLocked(spec, argv);
    }

    private synchronized boolean canRunLocked(CommandSpec spec, List<byte[]> argv) {
        if (spec.flags().contains("no_auth")) {
            return true;
        }
        int id = table.id(spec.fullName());
        if (id < 0) {
            return false;
        }
        if (commands.get(id)) {
            return true;
        }
        Set<String> args = firstArgs.get(id);
        return args != null && argv.size() >= 2
                && args.contains(new String(argv.get(1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }

    /** Whether SUBSCRIBE/PUBLISH to {@code channel} (literal) or PSUBSCRIBE to it (pattern) is allowed. */
    public synchronized boolean canUseChannel(String channel, boolean isPattern) {
        if (allChannels) {
            return true;
        }
        for (String p : channelPatterns) {
            if (isPattern ? p.equals(channel) : GlobMatcher.matches(p.getBytes(StandardCharsets.UTF_8), channel.getBytes(StandardCharsets.UTF_8), false)) {
                return true;
            }
        }
        return false;
    }

    /** Applies one rule; returns null, or the reason Redis gives for refusing it. */
    synchronized String apply(String rule) {
        try {
            return applyRule(rule);
        } finally {
            refreshFastPath();
        }
    }

    private String applyRule(String rule) {
        String lower = rule.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "on" -> enabled = true;
            case "off" -> enabled = false;
            case "nopass" -> {
                nopass = true;
                passwordHashes.clear();
            }
            case "resetpass" -> {
                nopass = false;
                passwordHashes.clear();
            }
            case "skip-sanitize-payload", "sanitize-payload" -> sanitize = lower;
            case "allkeys", "~*" -> {
                allKeys = true;
                keyPatterns.clear();
            }
            case "resetkeys" -> {
                allKeys = false;
                keyPatterns.clear();
            }
            case "allchannels", "&*" -> {
                allChannels = true;
                channelPatterns.clear();
            }
            case "resetchannels" -> {
                allChannels = false;
                channelPatterns.clear();
            }
            case "allcommands", "+@all" -> {
                commands = new BitSet();
                commands.set(0, table.size() + 1);
                firstArgs.clear();
            }
            case "nocommands", "-@all" -> {
                commands = new BitSet();
                firstArgs.clear();
            }
            case "clearselectors" -> {
                // selectors are not supported, so there are none to clear
            }
            case "reset" -> {
                for (String r : List.of("resetpass", "resetkeys", "resetchannels", "off", "-@all", "sanitize-payload")) {
                    apply(r);
                }
            }
            default -> {
                return applyPrefixed(rule);
            }
        }
        return null;
    }

    private String applyPrefixed(String rule) {
        if (rule.isEmpty()) {
            return SYNTAX;
        }
        char c = rule.charAt(0);
        String rest = rule.substring(1);
        switch (c) {
            case '>' -> {
                passwordHashes.add(sha256(rest));
                nopass = false;
            }
            case '<' -> {
                if (!passwordHashes.remove(sha256(rest))) {
                    return NO_SUCH_PASSWORD;
                }
            }
            case '#' -> {
                if (!validHash(rest)) {
                    return BAD_HASH;
                }
                passwordHashes.add(rest);
                nopass = false;
            }
            case '!' -> {
                if (!validHash(rest)) {
                    return BAD_HASH;
                }
                if (!passwordHashes.remove(rest)) {
                    return NO_SUCH_PASSWORD;
                }
            }
            case '~', '%' -> {
                return addKeyPattern(rule);
            }
            case '&' -> {
                if (allChannels) {
                    return CHANNELS_AFTER_ALL;
                }
                if (AclStore.hasSpaceOrControl(rest)) {
                    return SYNTAX;  // Redis: no white space in patterns; we refuse any control character too
                }
                if (!channelPatterns.contains(rest)) {
                    channelPatterns.add(rest);
                }
            }
            case '+', '-' -> {
                return applyCommandRule(c == '+', rest);
            }
            default -> {
                return SYNTAX;
            }
        }
        return null;
    }

    private String addKeyPattern(String rule) {
        String flags = "";
        String pattern;
        if (rule.charAt(0) == '%') {
            int tilde = rule.indexOf('~');
            if (tilde < 2) {
                return SYNTAX;
            }
            flags = rule.substring(1, tilde).toUpperCase(Locale.ROOT);
            if (!flags.chars().allMatch(ch -> ch == 'R' || ch == 'W')) {
                return SYNTAX;
            }
            pattern = rule.substring(tilde + 1);
        } else {
            pattern = rule.substring(1);
        }
        if (allKeys) {
            return KEYS_AFTER_ALL;
        }
        if (AclStore.hasSpaceOrControl(pattern)) {
            return SYNTAX;
        }
        boolean read = flags.isEmpty() || flags.indexOf('R') >= 0;
        boolean write = flags.isEmpty() || flags.indexOf('W') >= 0;
        if (read && write && pattern.equals("*")) {
            allKeys = true;
            keyPatterns.clear();
            return null;
        }
        String shown = (read && write ? "~" : read ? "%R~" : "%W~") + pattern;
        if (!keyPatterns.contains(shown)) {
            keyPatterns.add(shown);
        }
        return null;
    }

    private String applyCommandRule(boolean allow, String what) {
        if (what.startsWith("@")) {
            Set<Integer> ids = table.category(what.substring(1).toLowerCase(Locale.ROOT));
            if (ids == null) {
                return UNKNOWN;
            }
            for (int id : ids) {
                changePerm(id, allow);
            }
            return null;
        }
        String lower = what.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            int id = table.id(lower);
            if (id < 0) {
                return UNKNOWN;
            }
            changePerm(id, allow);
            return null;
        }
        String parent = lower.substring(0, bar);
        String sub = lower.substring(bar + 1);
        if (parent.isEmpty() || sub.isEmpty()) {
            return SYNTAX;
        }
        int parentId = table.id(parent);
        if (parentId < 0) {
            return UNKNOWN;
        }
        if (table.isContainer(parentId)) {
            if (sub.indexOf('|') >= 0) {
                return SUBCOMMAND_FIRST_ARG;
            }
            int id = table.id(parent + "|" + sub);
            if (id < 0) {
                return UNKNOWN;
            }
            changePerm(id, allow);
            return null;
        }
        // A first argument of a plain command (Redis 7.0 keeps "+select|0" style rules); only allowing.
        if (!allow || sub.indexOf('|') >= 0) {
            return UNKNOWN;
        }
        if (!commands.get(parentId)) {
            firstArgs.computeIfAbsent(parentId, k -> new LinkedHashSet<>()).add(sub);
        }
        return null;
    }

    /** ACLChangeSelectorPerm: a container's rule covers its subcommands; first-arg rules are dropped. */
    private void changePerm(int id, boolean allow) {
        commands.set(id, allow);
        firstArgs.remove(id);
        for (int sub : table.subcommands(id)) {
            commands.set(sub, allow);
            firstArgs.remove(sub);
        }
    }

    /** {@code ACL LIST} line. */
    public synchronized String describe() {
        StringBuilder sb = new StringBuilder("user ").append(name);
        for (String f : flags()) {
            sb.append(' ').append(f);
        }
        for (String h : passwordHashes) {
            sb.append(" #").append(h);
        }
        String keys = keysText();
        if (!keys.isEmpty()) {
            sb.append(' ').append(keys);
        }
        sb.append(' ').append(allChannels ? "&*" : ("resetchannels" + prefixed(channelPatterns)));
        sb.append(' ').append(commandRules());
        return sb.toString();
    }

    /** The GETUSER "flags" entries. */
    public synchronized List<String> flags() {
        List<String> out = new ArrayList<>();
        out.add(enabled ? "on" : "off");
        if (nopass) {
            out.add("nopass");
        }
        if (sanitize != null) {
            out.add(sanitize);
        }
        return out;
    }

    public synchronized String keysText() {
        return allKeys ? "~*" : String.join(" ", keyPatterns);
    }

    public synchronized String channelsText() {
        return allChannels ? "&*" : prefixed(channelPatterns).trim();
    }

    private static String prefixed(List<String> patterns) {
        StringBuilder sb = new StringBuilder();
        for (String p : patterns) {
            sb.append(" &").append(p);
        }
        return sb.toString();
    }

    /**
     * Redis 7.0's ACLDescribeSelectorCommandRules: {@code +@all} or {@code -@all}, then the best-fitting
     * categories one by one, then single commands for the bits still different. Redis emits the single
     * commands in the order of its (randomly seeded) command dict; we use the command table's order.
     */
    public synchronized String commandRules() {
        int future = table.size();
        boolean additive = !commands.get(future);
        StringBuilder rules = new StringBuilder(additive ? "-@all " : "+@all ");
        BitSet fake = new BitSet();
        if (!additive) {
            fake.set(0, table.size() + 1);
        }
        BitSet temp = (BitSet) commands.clone();
        Set<String> applied = new java.util.HashSet<>();
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
                setWithSubs(fake, id, additive);
                setWithSubs(temp, id, !additive);
            }
            rules.append(additive ? "+@" : "-@").append(best).append(' ');
            applied.add(best);
        }
        for (int id = 0; id < table.size(); id++) {
            boolean user = commands.get(id);
            if (user != fake.get(id)) {
                rules.append(user ? '+' : '-').append(table.name(id)).append(' ');
                setWithSubs(fake, id, user);
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

    private void setWithSubs(BitSet bits, int id, boolean value) {
        bits.set(id, value);
        for (int sub : table.subcommands(id)) {
            bits.set(sub, value);
        }
    }

    /** A deep copy bound to the same table, for validate-then-commit. */
    synchronized AclUser copy() {
        AclUser c = new AclUser(name, table);
        c.copyFrom(this);
        return c;
    }

    synchronized void copyFrom(AclUser o) {
        enabled = o.enabled;
        nopass = o.nopass;
        sanitize = o.sanitize;
        passwordHashes.clear();
        passwordHashes.addAll(o.passwordHashes);
        allKeys = o.allKeys;
        keyPatterns.clear();
        keyPatterns.addAll(o.keyPatterns);
        allChannels = o.allChannels;
        channelPatterns.clear();
        channelPatterns.addAll(o.channelPatterns);
        commands = (BitSet) o.commands.clone();
        firstArgs.clear();
        o.firstArgs.forEach((k, v) -> firstArgs.put(k, new LinkedHashSet<>(v)));
        refreshFastPath();
    }

    private static boolean validHash(String h) {
        return h.length() == 64 && h.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
