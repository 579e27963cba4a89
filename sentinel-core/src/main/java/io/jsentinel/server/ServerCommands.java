package io.jsentinel.server;

import io.jsentinel.command.Errors;
import io.jsentinel.config.Defaults;
import io.jsentinel.resp.RespValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** PING, ROLE, INFO, HELLO, AUTH, PUBLISH, SHUTDOWN and the SENTINEL hand-off (protocol doc §8.5). */
final class ServerCommands {
    /** Commands that read or change sentinel state, so they run on the backend loop. */
    static final Set<String> LOOP_COMMANDS = Set.of("sentinel", "role", "info", "publish", "shutdown");

    private static final RespValue PONG = RespValue.simple("PONG");
    private static final RespValue PONG_BULK = RespValue.bulk("pong");

    private ServerCommands() {
    }

    static void register(CommandTable t) {
        t.register("ping", ServerCommands::ping);
        t.register("role", (s, argv) -> {
            List<RespValue> names = new ArrayList<>();
            for (String n : s.server().backend().masterNames()) {
                names.add(RespValue.bulk(n));
            }
            s.reply(RespValue.array(RespValue.bulk("sentinel"), RespValue.array(names)));
        });
        t.register("info", (s, argv) -> s.reply(RespValue.bulk(InfoCommand.render(s, argv))));
        t.register("hello", ServerCommands::hello);
        t.register("auth", ServerCommands::auth);
        t.register("publish", (s, argv) -> {
            // sentinelPublishCommand: only hellos are accepted, and they are processed, not re-published.
            if (!CommandTable.text(argv.get(1)).equals(io.jsentinel.link.Hello.CHANNEL)) {
                s.reply(Errors.err(Errors.ONLY_HELLO));
                return;
            }
            s.server().backend().processHello(CommandTable.text(argv.get(2)));
            s.reply(RespValue.integer(1));
        });
        t.register("shutdown", ServerCommands::shutdown);
        t.register("sentinel|*", (s, argv) -> s.reply(CommandTable.isMasterAddressLookup(argv)
                ? s.server().backend().masterAddress(new String(argv.get(2), java.nio.charset.StandardCharsets.UTF_8))
                : s.server().backend().sentinelCommand(argv)));
    }

    private static void ping(ClientSession s, List<byte[]> argv) {
        if (argv.size() > 2) {
            s.reply(Errors.err(Errors.wrongArity("ping")));
            return;
        }
        if (s.proto() == 2 && s.subscribed()) {
            s.reply(RespValue.array(PONG_BULK, argv.size() == 2 ? RespValue.bulk(argv.get(1)) : RespValue.bulk("")));
        } else if (argv.size() == 1) {
            s.reply(PONG);
        } else {
            s.reply(RespValue.bulk(argv.get(1)));
        }
    }

    /** helloCommand: version, then AUTH/SETNAME options, then the 6-field sentinel map. */
    private static void hello(ClientSession s, List<byte[]> argv) {
        long ver = 0;
        int next = 1;
        if (argv.size() >= 2) {
            Long v = parseLong(argv.get(next++));
            if (v == null) {
                s.reply(Errors.err(Errors.PROTO_NOT_INTEGER));
                return;
            }
            ver = v;
            if (ver < 2 || ver > 3) {
                s.reply(Errors.err(Errors.NOPROTO));
                return;
            }
        }
        String user = null;
        String pass = null;
        String clientName = null;
        for (int j = next; j < argv.size(); j++) {
            int more = argv.size() - 1 - j;
            String opt = CommandTable.text(argv.get(j));
            if (opt.equalsIgnoreCase("AUTH") && more >= 2) {
                user = CommandTable.text(argv.get(j + 1));
                pass = CommandTable.text(argv.get(j + 2));
                j += 2;
            } else if (opt.equalsIgnoreCase("SETNAME") && more >= 1) {
                clientName = CommandTable.text(argv.get(j + 1));
                if (!ClientCommands.validName(clientName)) {
                    s.reply(Errors.err(Errors.BAD_CLIENT_NAME));
                    return;
                }
                j++;
            } else {
                s.reply(Errors.err(Errors.helloSyntax(opt)));
                return;
            }
        }
        if (user != null) {
            AclUser u = s.server().acl().authenticate(user, pass);
            if (u == null) {
                s.reply(Errors.err(Errors.WRONGPASS));
                return;
            }
            s.authenticate(u);
        }
        if (s.authRequired()) {
            s.reply(Errors.err(Errors.HELLO_NOAUTH));
            return;
        }
        if (clientName != null) {
            s.name(clientName.isEmpty() ? null : clientName);
        }
        if (ver != 0) {
            s.proto((int) ver);
        }
        Map<RespValue, RespValue> m = new LinkedHashMap<>();
        m.put(RespValue.bulk("server"), RespValue.bulk("redis"));
        m.put(RespValue.bulk("version"), RespValue.bulk(Defaults.REDIS_VERSION));
        m.put(RespValue.bulk("proto"), RespValue.integer(s.proto()));
        m.put(RespValue.bulk("id"), RespValue.integer(s.id()));
        m.put(RespValue.bulk("mode"), RespValue.bulk("sentinel"));
        m.put(RespValue.bulk("modules"), RespValue.array(List.of()));
        s.reply(new RespValue.MapValue(m));
    }

    /** authCommand (7.0): the one-argument form needs a password on the default user. */
    private static void auth(ClientSession s, List<byte[]> argv) {
        if (argv.size() > 3) {
            s.reply(Errors.err(Errors.SYNTAX));
            return;
        }
        String user;
        String pass;
        if (argv.size() == 2) {
            AclUser def = s.server().acl().get(AclStore.DEFAULT_USER);
            if (def != null && def.nopass()) {
                s.reply(Errors.err(Errors.AUTH_NO_PASSWORD));
                return;
            }
            user = AclStore.DEFAULT_USER;
            pass = CommandTable.text(argv.get(1));
        } else {
            user = CommandTable.text(argv.get(1));
            pass = CommandTable.text(argv.get(2));
        }
        AclUser u = s.server().acl().authenticate(user, pass);
        if (u == null) {
            s.reply(Errors.err(Errors.WRONGPASS));
            return;
        }
        s.authenticate(u);
        s.reply(RespValue.OK);
    }

    private static void shutdown(ClientSession s, List<byte[]> argv) {
        boolean abort = false;
        int flags = 0;
        boolean save = false;
        boolean nosave = false;
        for (int i = 1; i < argv.size(); i++) {
            switch (CommandTable.lower(argv.get(i))) {
                case "nosave" -> {
                    nosave = true;
                    flags++;
                }
                case "save" -> {
                    save = true;
                    flags++;
                }
                case "now", "force" -> flags++;
                case "abort" -> abort = true;
                default -> {
                    s.reply(Errors.err(Errors.SYNTAX));
                    return;
                }
            }
        }
        if ((abort && flags > 0) || (save && nosave)) {
            s.reply(Errors.err(Errors.SYNTAX));
            return;
        }
        if (abort) {
            s.reply(Errors.err(Errors.NO_SHUTDOWN));
            return;
        }
        // Redis exits without replying; the client only sees the connection close.
        s.closeAfterReply();
        s.server().backend().shutdown();
    }

    static Long parseLong(byte[] b) {
        String t = CommandTable.text(b);
        if (t.isEmpty() || t.length() > 20 || t.startsWith("+") || (t.length() > 1 && t.startsWith("0"))
                || t.startsWith("-0")) {
            return null;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String lowerAscii(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
