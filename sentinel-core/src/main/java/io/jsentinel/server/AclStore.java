package io.jsentinel.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A small Redis 7.0 ACL model: users with on/off, passwords, and all-or-nothing command, key and channel
 * permissions. Enough for {@code requirepass}, {@code user} directives and the sentinel's ACL commands.
 */
public final class AclStore {
    public static final String DEFAULT_USER = "default";

    /** One user; mutable under the store's lock. */
    public static final class User {
        private final String name;
        private boolean enabled;
        private boolean nopass;
        private final Set<String> passwordHashes = new LinkedHashSet<>();
        private boolean allCommands;
        private boolean allKeys;
        private boolean allChannels;

        User(String name) {
            this.name = name;
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

        public synchronized boolean allCommands() {
            return allCommands;
        }

        public synchronized boolean allKeys() {
            return allKeys;
        }

        public synchronized boolean allChannels() {
            return allChannels;
        }

        public synchronized List<String> passwordHashes() {
            return List.copyOf(passwordHashes);
        }

        /** {@code ACL LIST} line, in Redis' order. */
        public synchronized String describe() {
            StringBuilder sb = new StringBuilder("user ").append(name).append(enabled ? " on" : " off");
            if (nopass) {
                sb.append(" nopass");
            }
            for (String h : passwordHashes) {
                sb.append(" #").append(h);
            }
            if (allKeys) {
                sb.append(" ~*");
            }
            sb.append(allChannels ? " &*" : " resetchannels");
            sb.append(allCommands ? " +@all" : " -@all");
            return sb.toString();
        }

        synchronized boolean checkPassword(String password) {
            return enabled && (nopass || passwordHashes.contains(sha256(password)));
        }

        /** Applies one SETUSER rule; returns an error text or null. */
        synchronized String apply(String rule) {
            String lower = rule.toLowerCase(java.util.Locale.ROOT);
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
                case "~*", "allkeys" -> allKeys = true;
                case "resetkeys" -> allKeys = false;
                case "&*", "allchannels" -> allChannels = true;
                case "resetchannels" -> allChannels = false;
                case "+@all", "allcommands" -> allCommands = true;
                case "-@all", "nocommands" -> allCommands = false;
                case "reset" -> {
                    enabled = false;
                    nopass = false;
                    passwordHashes.clear();
                    allKeys = false;
                    allChannels = false;
                    allCommands = false;
                }
                default -> {
                    if (rule.startsWith(">")) {
                        passwordHashes.add(sha256(rule.substring(1)));
                        nopass = false;
                    } else if (rule.startsWith("<")) {
                        if (!passwordHashes.remove(sha256(rule.substring(1)))) {
                            return "no such password";
                        }
                    } else if (rule.startsWith("#")) {
                        String hash = rule.substring(1);
                        if (!hash.matches("[0-9a-fA-F]{64}")) {
                            return "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters";
                        }
                        passwordHashes.add(hash.toLowerCase(java.util.Locale.ROOT));
                        nopass = false;
                    } else if (rule.startsWith("!")) {
                        if (!passwordHashes.remove(rule.substring(1).toLowerCase(java.util.Locale.ROOT))) {
                            return "no such password";
                        }
                    } else {
                        return "Syntax error";
                    }
                }
            }
            return null;
        }
    }

    private final Map<String, User> users = new ConcurrentSkipListMap<>();

    /** Builds the store from {@code requirepass} and {@code user} directives (protocol doc §9.3). */
    public AclStore(String requirepass, List<List<String>> userLines) {
        User def = new User(DEFAULT_USER);
        for (String r : List.of("on", "nopass", "~*", "&*", "+@all")) {
            def.apply(r);
        }
        users.put(DEFAULT_USER, def);
        for (List<String> line : userLines) {
            if (!line.isEmpty()) {
                setUser(line.get(0), line.subList(1, line.size()));
            }
        }
        if (requirepass != null && !requirepass.isEmpty()) {
            def.apply("resetpass");
            def.apply(">" + requirepass);
        }
    }

    public User get(String name) {
        return users.get(name);
    }

    public List<User> users() {
        return new ArrayList<>(users.values());
    }

    /** Creates or updates {@code name}; returns {@code null} or the text after "Error in ACL SETUSER modifier". */
    public synchronized String setUser(String name, List<String> rules) {
        User existing = users.get(name);
        User target = existing != null ? existing : new User(name);
        for (String rule : rules) {
            String err = target.apply(rule);
            if (err != null) {
                return "'" + rule + "': " + err;
            }
        }
        users.putIfAbsent(name, target);
        return null;
    }

    public synchronized boolean delete(String name) {
        return users.remove(name) != null;
    }

    /** The user that {@code name}/{@code password} authenticates, or null. */
    public User authenticate(String name, String password) {
        User u = users.get(name);
        return u != null && u.checkPassword(password) ? u : null;
    }

    /** Redis' authRequired(): the default user has a password or is disabled. */
    public boolean defaultNeedsAuth() {
        User def = users.get(DEFAULT_USER);
        return def == null || !def.nopass() || !def.enabled();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
