package io.jsentinel.server;

import io.jsentinel.command.CommandCatalog;
import io.jsentinel.command.CommandSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The sentinel's ACL users (Redis 7.0 semantics without selectors): built from {@code requirepass} and
 * {@code user} directives, changed by ACL SETUSER/DELUSER.
 */
public final class AclStore {
    public static final String DEFAULT_USER = "default";
    /** ACL categories in Redis 7.0's order (ACL CAT, and the order categories are tried when describing). */
    public static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list",
            "hash", "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
            "blocking", "dangerous", "connection", "transaction", "scripting");

    /** The command table as ACL bits: one id per command and subcommand, in catalog order. */
    static final class Commands {
        private final List<String> names = new ArrayList<>();
        private final Map<String, Integer> ids = new HashMap<>();
        private final Map<Integer, List<Integer>> subs = new HashMap<>();
        private final Map<String, Set<Integer>> categories = new HashMap<>();

        Commands(CommandCatalog catalog) {
            for (String c : CATEGORIES) {
                categories.put(c, new LinkedHashSet<>());
            }
            for (CommandSpec top : catalog.all()) {
                int parent = add(top);
                List<Integer> children = new ArrayList<>();
                for (CommandSpec sub : top.subcommands().values()) {
                    children.add(add(sub));
                }
                subs.put(parent, children);
            }
        }

        private int add(CommandSpec spec) {
            int id = names.size();
            names.add(spec.fullName());
            ids.put(spec.fullName(), id);
            for (String c : spec.categories()) {
                Set<Integer> set = categories.get(c.startsWith("@") ? c.substring(1) : c);
                if (set != null) {
                    set.add(id);
                }
            }
            return id;
        }

        int size() {
            return names.size();
        }

        int id(String fullName) {
            Integer id = ids.get(fullName);
            return id == null ? -1 : id;
        }

        String name(int id) {
            return names.get(id);
        }

        boolean isContainer(int id) {
            List<Integer> s = subs.get(id);
            return s != null && !s.isEmpty();
        }

        List<Integer> subcommands(int id) {
            return subs.getOrDefault(id, List.of());
        }

        /** Ids having the category, or null when there is no such category. */
        Set<Integer> category(String name) {
            return categories.get(name);
        }
    }

    private final Commands table;
    private final Map<String, AclUser> users = new ConcurrentSkipListMap<>();

    /** Builds the store over the sentinel command table. */
    public AclStore(String requirepass, List<List<String>> userLines) {
        this(CommandCatalog.sentinel(), requirepass, userLines);
    }

    /**
     * Builds the store from {@code requirepass} and {@code user} directives (protocol doc §9.3).
     *
     * @throws IllegalArgumentException with Redis' "Error loading ACL rule" text for a bad user line
     */
    public AclStore(CommandCatalog catalog, String requirepass, List<List<String>> userLines) {
        this.table = new Commands(catalog);
        AclUser def = new AclUser(DEFAULT_USER, table);
        for (String r : List.of("on", "nopass", "~*", "&*", "+@all")) {
            def.apply(r);
        }
        users.put(DEFAULT_USER, def);
        for (List<String> line : userLines) {
            if (line.isEmpty()) {
                continue;
            }
            String name = line.get(0);
            String err = validName(name);
            if (err != null) {
                throw new IllegalArgumentException("Error in user declaration '" + name + "': " + err);
            }
            for (String rule : line.subList(1, line.size())) {
                err = setUser(name, List.of(rule));
                if (err != null) {
                    // Redis logs this, then "Critical error while loading ACLs. Exiting."
                    throw new IllegalArgumentException("Error loading ACL rule '" + rule + "' for the user named '"
                            + name + "': " + err.substring(err.indexOf("': ") + 3));
                }
            }
        }
        if (requirepass != null && !requirepass.isEmpty()) {
            def.apply("resetpass");
            def.apply(">" + requirepass);
        }
    }

    /**
     * Redis' check on ACL SETUSER names (no white space or NUL, C {@code isspace}), widened to every control
     * character: names are written into sentinel.conf's user lines. Null when fine.
     */
    public static String validName(String name) {
        return hasSpaceOrControl(name) ? "Usernames can't contain spaces or null characters" : null;
    }

    /** Redis' {@code ACLStringHasSpaces} (white space and NUL), plus every other control character. */
    static boolean hasSpaceOrControl(String s) {
        return s.indexOf(' ') >= 0 || io.jsentinel.config.ConfigTokenizer.hasControlChars(s);
    }

    public AclUser get(String name) {
        return users.get(name);
    }

    public List<AclUser> users() {
        return new ArrayList<>(users.values());
    }

    /**
     * Every user as the arguments of a {@code user} directive (ACL LIST without the leading word), which
     * is how the config rewrite persists users created or changed at run time, as Redis does.
     */
    public List<List<String>> userLines() {
        List<List<String>> out = new ArrayList<>();
        for (AclUser u : users()) {
            List<String> words = new ArrayList<>(List.of(u.describe().split(" ")));
            out.add(List.copyOf(words.subList(1, words.size())));
        }
        return out;
    }

    /**
     * Creates or updates {@code name} atomically: every rule is tried on a copy, and the user changes
     * only when all of them apply. Returns null, or the text after "Error in ACL SETUSER modifier ".
     */
    public synchronized String setUser(String name, List<String> rules) {
        AclUser existing = users.get(name);
        AclUser work = existing != null ? existing.copy() : newUser(name);
        for (String rule : rules) {
            String err = work.apply(rule);
            if (err != null) {
                return "'" + rule + "': " + err;
            }
        }
        if (existing != null) {
            existing.copyFrom(work);
        } else {
            users.put(name, work);
        }
        return null;
    }

    /** A user as ACL SETUSER creates it: off, no password, no keys, {@code acl-pubsub-default resetchannels}. */
    private AclUser newUser(String name) {
        AclUser u = new AclUser(name, table);
        u.apply("off");
        u.apply("-@all");
        return u;
    }

    public synchronized boolean delete(String name) {
        return users.remove(name) != null;
    }

    /** The user that {@code name}/{@code password} authenticates, or null. */
    public AclUser authenticate(String name, String password) {
        AclUser u = users.get(name);
        return u != null && u.checkPassword(password) ? u : null;
    }

    /** Redis' authRequired(): the default user has a password or is disabled. */
    public boolean defaultNeedsAuth() {
        AclUser def = users.get(DEFAULT_USER);
        return def == null || !def.nopass() || !def.enabled();
    }
}
