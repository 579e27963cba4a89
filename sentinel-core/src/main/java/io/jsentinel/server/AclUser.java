package io.jsentinel.server;

import io.jsentinel.command.CommandSpec;
import io.jsentinel.command.Errors;
import io.jsentinel.util.GlobMatcher;
import io.jsentinel.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
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
        return enabled && (nopass || passwordHashes.contains(Sha256.hex(password)));
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
            return Errors.ACL_SYNTAX;
        }
        char c = rule.charAt(0);
        String rest = rule.substring(1);
        switch (c) {
            case '>' -> {
                passwordHashes.add(Sha256.hex(rest));
                nopass = false;
            }
            case '<' -> {
                if (!passwordHashes.remove(Sha256.hex(rest))) {
                    return Errors.ACL_NO_SUCH_PASSWORD;
                }
            }
            case '#' -> {
                if (!Sha256.isHex(rest)) {
                    return Errors.ACL_BAD_HASH;
                }
                passwordHashes.add(rest);
                nopass = false;
            }
            case '!' -> {
                if (!Sha256.isHex(rest)) {
                    return Errors.ACL_BAD_HASH;
                }
                if (!passwordHashes.remove(rest)) {
                    return Errors.ACL_NO_SUCH_PASSWORD;
                }
            }
            case '~', '%' -> {
                return addKeyPattern(rule);
            }
            case '&' -> {
                if (allChannels) {
                    return Errors.ACL_CHANNELS_AFTER_ALL;
                }
                if (AclStore.hasSpaceOrControl(rest)) {
                    return Errors.ACL_SYNTAX;  // Redis: no white space in patterns; we refuse any control character too
                }
                if (!channelPatterns.contains(rest)) {
                    channelPatterns.add(rest);
                }
            }
            case '+', '-' -> {
                return applyCommandRule(c == '+', rest);
            }
            default -> {
                return Errors.ACL_SYNTAX;
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
                return Errors.ACL_SYNTAX;
            }
            flags = rule.substring(1, tilde).toUpperCase(Locale.ROOT);
            if (!flags.chars().allMatch(ch -> ch == 'R' || ch == 'W')) {
                return Errors.ACL_SYNTAX;
            }
            pattern = rule.substring(tilde + 1);
        } else {
            pattern = rule.substring(1);
        }
        if (allKeys) {
            return Errors.ACL_KEYS_AFTER_ALL;
        }
        if (AclStore.hasSpaceOrControl(pattern)) {
            return Errors.ACL_SYNTAX;
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
                return Errors.ACL_UNKNOWN;
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
                return Errors.ACL_UNKNOWN;
            }
            changePerm(id, allow);
            return null;
        }
        String parent = lower.substring(0, bar);
        String sub = lower.substring(bar + 1);
        if (parent.isEmpty() || sub.isEmpty()) {
            return Errors.ACL_SYNTAX;
        }
        int parentId = table.id(parent);
        if (parentId < 0) {
            return Errors.ACL_UNKNOWN;
        }
        if (table.isContainer(parentId)) {
            if (sub.indexOf('|') >= 0) {
                return Errors.ACL_SUBCOMMAND_FIRST_ARG;
            }
            int id = table.id(parent + "|" + sub);
            if (id < 0) {
                return Errors.ACL_UNKNOWN;
            }
            changePerm(id, allow);
            return null;
        }
        // A first argument of a plain command (Redis 7.0 keeps "+select|0" style rules); only allowing.
        if (!allow || sub.indexOf('|') >= 0) {
            return Errors.ACL_UNKNOWN;
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

    /** {@code ACL LIST} line ({@link AclDescription}). */
    public synchronized String describe() {
        return AclDescription.aclListLine(this);
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

    /** The command rules of ACL LIST/GETUSER ({@link AclDescription}). */
    public synchronized String commandRules() {
        return AclDescription.commandRules(table, commands, firstArgs);
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
}
