package io.jsentinel.server;

import io.jsentinel.command.CommandSpec;
import io.jsentinel.command.HelpTexts;
import io.jsentinel.command.Errors;
import io.jsentinel.resp.RespValue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ACL subcommands over the simple {@link AclStore} model. */
final class AclCommands {
    /** ACL CAT without argument, in Redis 7.0's order. */
    static final List<String> CATEGORIES = AclStore.CATEGORIES;

    private AclCommands() {
    }

    static void register(CommandTable t) {
        t.register("acl|whoami", (s, a) -> s.reply(RespValue.bulk(s.user().name())));
        t.register("acl|users", (s, a) -> {
            List<RespValue> names = new ArrayList<>();
            for (AclUser u : s.server().acl().users()) {
                names.add(RespValue.bulk(u.name()));
            }
            s.reply(RespValue.array(names));
        });
        t.register("acl|list", (s, a) -> {
            List<RespValue> lines = new ArrayList<>();
            for (AclUser u : s.server().acl().users()) {
                lines.add(RespValue.bulk(u.describe()));
            }
            s.reply(RespValue.array(lines));
        });
        t.register("acl|getuser", AclCommands::getuser);
        t.register("acl|setuser", (s, a) -> {
            List<String> rules = new ArrayList<>();
            for (int i = 3; i < a.size(); i++) {
                rules.add(CommandTable.text(a.get(i)));
            }
            String name = CommandTable.text(a.get(2));
            String bad = AclStore.validName(name);
            if (bad != null) {
                s.reply(Errors.err("ERR " + bad));
                return;
            }
            String err = s.server().acl().setUser(name, rules);
            s.reply(err == null ? RespValue.OK : Errors.err(Errors.aclSetuser(err)));
        });
        t.register("acl|deluser", (s, a) -> {
            int deleted = 0;
            for (int i = 2; i < a.size(); i++) {
                if (CommandTable.text(a.get(i)).equals(AclStore.DEFAULT_USER)) {
                    s.reply(Errors.err(Errors.DEFAULT_USER_UNDELETABLE));
                    return;
                }
            }
            for (int i = 2; i < a.size(); i++) {
                String name = CommandTable.text(a.get(i));
                if (s.server().acl().delete(name)) {
                    deleted++;
                    for (ClientSession c : s.server().clients()) {
                        if (c.user() != null && c.user().name().equals(name)) {
                            if (c == s) {
                                s.closeAfterReply();
                            } else {
                                c.kill();
                            }
                        }
                    }
                }
            }
            s.reply(RespValue.integer(deleted));
        });
        t.register("acl|cat", AclCommands::cat);
        t.register("acl|genpass", (s, a) -> {
            long bits = 256;
            if (a.size() == 3) {
                Long b = ServerCommands.parseLong(a.get(2));
                if (b == null || b <= 0 || b > 4096) {
                    s.reply(Errors.err(Errors.GENPASS_BITS));
                    return;
                }
                bits = b;
            }
            int chars = (int) ((bits + 3) / 4);
            byte[] random = new byte[(chars + 1) / 2];
            new SecureRandom().nextBytes(random);
            s.reply(RespValue.bulk(HexFormat.of().formatHex(random).substring(0, chars)));
        });
        t.register("acl|log", (s, a) -> {
            if (a.size() == 3 && CommandTable.lower(a.get(2)).equals("reset")) {
                s.reply(RespValue.OK);
            } else if (a.size() == 3 && ServerCommands.parseLong(a.get(2)) == null) {
                s.reply(Errors.err(Errors.NOT_INTEGER));
            } else {
                s.reply(RespValue.array(List.of()));
            }
        });
        t.register("acl|save", (s, a) -> s.reply(Errors.err(Errors.NO_ACL_FILE)));
        t.register("acl|load", (s, a) -> s.reply(Errors.err(Errors.NO_ACL_FILE)));
        t.register("acl|dryrun", AclCommands::dryrun);
        t.register("acl|help", (s, a) -> s.reply(ClientCommands.help(HelpTexts.ACL)));
    }

    private static void getuser(ClientSession s, List<byte[]> a) {
        AclUser u = s.server().acl().get(CommandTable.text(a.get(2)));
        if (u == null) {
            s.reply(RespValue.NULL);
            return;
        }
        List<RespValue> flags = new ArrayList<>();
        for (String f : u.flags()) {
            flags.add(RespValue.bulk(f));
        }
        List<RespValue> passwords = new ArrayList<>();
        for (String h : u.passwordHashes()) {
            passwords.add(RespValue.bulk(h));
        }
        Map<RespValue, RespValue> m = new LinkedHashMap<>();
        m.put(RespValue.bulk("flags"), RespValue.array(flags));
        m.put(RespValue.bulk("passwords"), RespValue.array(passwords));
        m.put(RespValue.bulk("commands"), RespValue.bulk(u.commandRules()));
        m.put(RespValue.bulk("keys"), RespValue.bulk(u.keysText()));
        m.put(RespValue.bulk("channels"), RespValue.bulk(u.channelsText()));
        m.put(RespValue.bulk("selectors"), RespValue.array(List.of()));
        s.reply(new RespValue.MapValue(m));
    }

    /** ACL DRYRUN user command [arg ...]: the same checks as a real call, without running it. */
    private static void dryrun(ClientSession s, List<byte[]> a) {
        String name = CommandTable.text(a.get(2));
        AclUser u = s.server().acl().get(name);
        if (u == null) {
            s.reply(Errors.err(Errors.userNotFound(name)));
            return;
        }
        List<byte[]> argv = a.subList(3, a.size());
        CommandSpec spec = s.server().commands().catalog().top(CommandTable.text(argv.get(0)));
        if (spec == null) {
            s.reply(Errors.err(Errors.commandNotFound(CommandTable.text(argv.get(0)))));
            return;
        }
        if (spec.isContainer() && argv.size() >= 2) {
            CommandSpec sub = spec.subcommands().get(CommandTable.lower(argv.get(1)));
            if (sub != null) {
                spec = sub;
            }
        }
        if (!spec.arityOk(argv.size())) {
            s.reply(Errors.err(Errors.wrongArity(spec.fullName())));
            return;
        }
        if (!u.canRun(spec, argv)) {
            s.reply(RespValue.bulk("This user has no permissions to run the '" + spec.fullName() + "' command"));
            return;
        }
        String channel = CommandTable.deniedChannel(u, spec, argv);
        s.reply(channel == null ? RespValue.OK
                : RespValue.bulk("This user has no permissions to access the '" + channel + "' channel"));
    }

    private static void cat(ClientSession s, List<byte[]> a) {
        if (a.size() == 2) {
            List<RespValue> out = new ArrayList<>();
            for (String c : CATEGORIES) {
                out.add(RespValue.bulk(c));
            }
            s.reply(RespValue.array(out));
            return;
        }
        String cat = CommandTable.lower(a.get(2));
        if (!CATEGORIES.contains(cat)) {
            s.reply(Errors.err(Errors.unknownCategory(CommandTable.text(a.get(2)))));
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (CommandSpec spec : s.server().commands().catalog().allWithSubcommands()) {
            if (spec.categories().contains(cat)) {
                names.add(spec.fullName());
            }
        }
        List<RespValue> out = new ArrayList<>();
        for (String n : names) {
            out.add(RespValue.bulk(n));
        }
        s.reply(RespValue.array(out));
    }
}
