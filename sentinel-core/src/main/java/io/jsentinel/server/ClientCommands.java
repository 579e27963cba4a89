package io.jsentinel.server;

import io.jsentinel.command.HelpTexts;
import io.jsentinel.command.Errors;
import io.jsentinel.resp.RespValue;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CLIENT subcommands (clientCommand in Redis 7.0 networking.c); no SETINFO, which came in 7.2. */
final class ClientCommands {
    private ClientCommands() {
    }

    static void register(CommandTable t) {
        t.register("client|id", (s, a) -> s.reply(RespValue.integer(s.id())));
        t.register("client|getname", (s, a) -> s.reply(RespValue.bulk(s.name())));
        t.register("client|setname", (s, a) -> {
            String name = CommandTable.text(a.get(2));
            if (!validName(name)) {
                s.reply(Errors.err(Errors.BAD_CLIENT_NAME));
                return;
            }
            s.name(name.isEmpty() ? null : name);
            s.reply(RespValue.OK);
        });
        t.register("client|info", (s, a) -> s.reply(RespValue.bulk(describe(s) + "\n")));
        t.register("client|list", ClientCommands::list);
        t.register("client|kill", ClientCommands::kill);
        t.register("client|reply", (s, a) -> {
            switch (CommandTable.lower(a.get(2))) {
                case "on" -> {
                    s.setReplyMode(ClientSession.ReplyMode.ON);
                    s.reply(RespValue.OK);
                }
                case "off" -> s.setReplyMode(ClientSession.ReplyMode.OFF);
                case "skip" -> s.setReplyMode(ClientSession.ReplyMode.SKIP);
                default -> s.reply(Errors.err(Errors.SYNTAX));
            }
        });
        t.register("client|pause", (s, a) -> {
            Long ms = ServerCommands.parseLong(a.get(2));
            if (ms == null) {
                s.reply(Errors.err(Errors.TIMEOUT_NOT_INTEGER));
            } else if (ms < 0) {
                s.reply(Errors.err(Errors.NEGATIVE_TIMEOUT));
            } else if (a.size() == 4 && !List.of("write", "all").contains(CommandTable.lower(a.get(3)))) {
                s.reply(Errors.err(Errors.SYNTAX));
            } else {
                s.reply(RespValue.OK);
            }
        });
        t.register("client|unpause", (s, a) -> s.reply(RespValue.OK));
        t.register("client|no-evict", (s, a) -> {
            String v = CommandTable.lower(a.get(2));
            s.reply(v.equals("on") || v.equals("off") ? RespValue.OK : Errors.err(Errors.SYNTAX));
        });
        t.register("client|caching", (s, a) -> s.reply(Errors.err(Errors.CACHING_NOT_TRACKING)));
        t.register("client|tracking", (s, a) -> {
            String v = CommandTable.lower(a.get(2));
            if (v.equals("on") || v.equals("off")) {
                s.tracking(v.equals("on"));
                s.reply(RespValue.OK);
            } else {
                s.reply(Errors.err(Errors.SYNTAX));
            }
        });
        t.register("client|getredir", (s, a) -> s.reply(RespValue.integer(s.tracking() ? 0 : -1)));
        t.register("client|trackinginfo", (s, a) -> {
            Map<RespValue, RespValue> m = new LinkedHashMap<>();
            m.put(RespValue.bulk("flags"), new RespValue.SetValue(List.of(RespValue.bulk(s.tracking() ? "on" : "off"))));
            m.put(RespValue.bulk("redirect"), RespValue.integer(s.tracking() ? 0 : -1));
            m.put(RespValue.bulk("prefixes"), RespValue.array(List.of()));
            s.reply(new RespValue.MapValue(m));
        });
        t.register("client|unblock", (s, a) -> {
            if (ServerCommands.parseLong(a.get(2)) == null) {
                s.reply(Errors.err(Errors.NOT_INTEGER));
            } else if (a.size() == 4 && !List.of("timeout", "error").contains(CommandTable.lower(a.get(3)))) {
                s.reply(Errors.err(Errors.UNBLOCK_REASON));
            } else {
                s.reply(RespValue.integer(0)); // nobody blocks on a sentinel
            }
        });
        t.register("client|help", (s, a) -> s.reply(help(HelpTexts.CLIENT)));
    }

    static RespValue help(List<String> lines) {
        List<RespValue> items = new ArrayList<>(lines.size());
        for (String l : lines) {
            items.add(RespValue.simple(l));
        }
        return RespValue.array(items);
    }

    /** Redis' validateClientName: printable ASCII without spaces ('!'..'~'). */
    static boolean validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static void list(ClientSession s, List<byte[]> a) {
        List<ClientSession> selected = new ArrayList<>();
        if (a.size() == 2) {
            selected.addAll(s.server().clients());
        } else if (a.size() == 4 && CommandTable.lower(a.get(2)).equals("type")) {
            String type = CommandTable.lower(a.get(3));
            if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                s.reply(Errors.err(Errors.unknownClientType(CommandTable.text(a.get(3)))));
                return;
            }
            for (ClientSession c : s.server().clients()) {
                if ((type.equals("pubsub") && c.subscribed()) || (type.equals("normal") && !c.subscribed())) {
                    selected.add(c);
                }
            }
        } else if (a.size() >= 4 && CommandTable.lower(a.get(2)).equals("id")) {
            for (int i = 3; i < a.size(); i++) {
                Long id = ServerCommands.parseLong(a.get(i));
                if (id == null || id < 1) {
                    s.reply(Errors.err(Errors.INVALID_CLIENT_ID));
                    return;
                }
                ClientSession c = s.server().client(id);
                if (c != null) {
                    selected.add(c);
                }
            }
        } else {
            s.reply(Errors.err(Errors.SYNTAX));
            return;
        }
        selected.sort((x, y) -> Long.compare(x.id(), y.id()));
        StringBuilder sb = new StringBuilder();
        for (ClientSession c : selected) {
            sb.append(describe(c)).append('\n');
        }
        s.reply(RespValue.bulk(sb.toString()));
    }

    /** clientKillCommand: the old {@code KILL addr} form and the filter form. */
    private static void kill(ClientSession s, List<byte[]> a) {
        if (a.size() == 3) {
            String addr = CommandTable.text(a.get(2));
            ClientSession victim = null;
            for (ClientSession c : s.server().clients()) {
                if (addr.equals(address(c.remoteAddress()))) {
                    victim = c;
                }
            }
            if (victim == null) {
                s.reply(Errors.err(Errors.NO_SUCH_CLIENT));
                return;
            }
            s.reply(RespValue.OK);
            if (victim == s) {
                s.closeAfterReply();
            } else {
                victim.kill();
            }
            return;
        }
        if (a.size() % 2 != 0) {
            s.reply(Errors.err(Errors.SYNTAX));
            return;
        }
        Long id = null;
        String type = null;
        String user = null;
        String addr = null;
        String laddr = null;
        boolean skipMe = true;
        for (int i = 2; i < a.size(); i += 2) {
            String opt = CommandTable.lower(a.get(i));
            String val = CommandTable.text(a.get(i + 1));
            switch (opt) {
                case "id" -> {
                    id = ServerCommands.parseLong(a.get(i + 1));
                    if (id == null || id <= 0) {
                        s.reply(Errors.err(Errors.CLIENT_ID_POSITIVE));
                        return;
                    }
                }
                case "type" -> {
                    type = val.toLowerCase(java.util.Locale.ROOT);
                    if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                        s.reply(Errors.err(Errors.unknownClientType(val)));
                        return;
                    }
                }
                case "user" -> {
                    if (s.server().acl().get(val) == null) {
                        s.reply(Errors.err(Errors.noSuchUser(val)));
                        return;
                    }
                    user = val;
                }
                case "addr" -> addr = val;
                case "laddr" -> laddr = val;
                case "skipme" -> {
                    String v = val.toLowerCase(java.util.Locale.ROOT);
                    if (!v.equals("yes") && !v.equals("no")) {
                        s.reply(Errors.err(Errors.SYNTAX));
                        return;
                    }
                    skipMe = v.equals("yes");
                }
                default -> {
                    s.reply(Errors.err(Errors.SYNTAX));
                    return;
                }
            }
        }
        int killed = 0;
        boolean self = false;
        for (ClientSession c : s.server().clients()) {
            if ((id != null && c.id() != id)
                    || (addr != null && !addr.equals(address(c.remoteAddress())))
                    || (laddr != null && !laddr.equals(address(c.localAddress())))
                    || (user != null && !user.equals(c.user().name()))
                    || (type != null && !(type.equals("pubsub") ? c.subscribed() : type.equals("normal") && !c.subscribed()))
                    || (c == s && skipMe)) {
                continue;
            }
            killed++;
            if (c == s) {
                self = true;
            } else {
                c.kill();
            }
        }
        s.reply(RespValue.integer(killed));
        if (self) {
            s.closeAfterReply();
        }
    }

    static String address(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String host = a.getAddress().getHostAddress();
        int pct = host.indexOf('%');
        if (pct >= 0) {
            host = host.substring(0, pct);
        }
        return host + ":" + a.getPort();
    }

    /** One CLIENT LIST line; memory fields are fixed plausible values, the JVM has no per-client figures. */
    static String describe(ClientSession c) {
        long now = System.currentTimeMillis();
        AclUser u = c.user();
        return "id=" + c.id()
                + " addr=" + address(c.remoteAddress())
                + " laddr=" + address(c.localAddress())
                + " fd=" + (c.id() + 8)
                + " name=" + (c.name() == null ? "" : c.name())
                + " age=" + (now - c.createdMillis()) / 1000
                + " idle=" + Math.max(0, now - c.lastInteractionMillis()) / 1000
                + " flags=" + (c.subscribed() ? "P" : "N")
                + " db=0"
                + " sub=" + c.channels().size()
                + " psub=" + c.patterns().size()
                + " ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0"
                + " tot-mem=1024 events=r"
                + " cmd=" + c.lastCommand()
                + " user=" + (u == null ? "default" : u.name())
                + " redir=" + (c.tracking() ? 0 : -1)
                + " resp=" + c.proto();
    }
}
