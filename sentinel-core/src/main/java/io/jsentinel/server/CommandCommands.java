package io.jsentinel.server;

import io.jsentinel.command.CommandSpec;
import io.jsentinel.command.CommandCatalog;
import io.jsentinel.command.HelpTexts;
import io.jsentinel.command.Errors;
import io.jsentinel.resp.RespValue;
import io.jsentinel.util.GlobMatcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** COMMAND and its subcommands, describing the sentinel table only. */
final class CommandCommands {
    private CommandCommands() {
    }

    static void register(CommandTable t) {
        t.register("command", (s, a) -> s.reply(catalog(s).allInfo()));
        t.register("command|count", (s, a) -> s.reply(RespValue.integer(catalog(s).count())));
        t.register("command|info", (s, a) -> {
            if (a.size() == 2) {
                s.reply(catalog(s).allInfo());
                return;
            }
            List<RespValue> out = new ArrayList<>();
            for (int i = 2; i < a.size(); i++) {
                CommandSpec spec = catalog(s).byFullName(CommandTable.text(a.get(i)));
                out.add(spec == null ? RespValue.NULL : spec.info());
            }
            s.reply(RespValue.array(out));
        });
        t.register("command|docs", (s, a) -> {
            Map<RespValue, RespValue> out = new LinkedHashMap<>();
            if (a.size() == 2) {
                out.putAll(catalog(s).allDocs());
            } else {
                for (int i = 2; i < a.size(); i++) {
                    String name = CommandTable.text(a.get(i));
                    RespValue doc = catalog(s).docs(name);
                    if (doc != null) {
                        out.put(RespValue.bulk(catalog(s).byFullName(name).fullName()), doc);
                    }
                }
            }
            s.reply(new RespValue.MapValue(out));
        });
        t.register("command|list", CommandCommands::list);
        t.register("command|getkeys", CommandCommands::getkeys);
        t.register("command|getkeysandflags", CommandCommands::getkeys);
        t.register("command|help", (s, a) -> s.reply(ClientCommands.help(HelpTexts.COMMAND)));
    }

    private static CommandCatalog catalog(ClientSession s) {
        return s.server().commands().catalog();
    }

    private static void list(ClientSession s, List<byte[]> a) {
        String filter = null;
        String arg = null;
        if (a.size() == 5 && CommandTable.lower(a.get(2)).equals("filterby")) {
            filter = CommandTable.lower(a.get(3));
            arg = CommandTable.text(a.get(4));
            if (!List.of("module", "aclcat", "pattern").contains(filter)) {
                s.reply(Errors.err(Errors.SYNTAX));
                return;
            }
        } else if (a.size() != 2) {
            s.reply(Errors.err(Errors.SYNTAX));
            return;
        }
        List<RespValue> out = new ArrayList<>();
        for (CommandSpec spec : catalog(s).allWithSubcommands()) {
            boolean keep = filter == null
                    || (filter.equals("aclcat") && spec.categories().contains(arg.toLowerCase(java.util.Locale.ROOT)))
                    || (filter.equals("pattern") && GlobMatcher.matches(arg.getBytes(StandardCharsets.UTF_8),
                            spec.fullName().getBytes(StandardCharsets.UTF_8), true));
            if (keep) {
                out.add(RespValue.bulk(spec.fullName()));
            }
        }
        s.reply(RespValue.array(out));
    }

    /** No sentinel command takes keys, so a valid call always ends in "no key arguments". */
    private static void getkeys(ClientSession s, List<byte[]> a) {
        CommandSpec spec = catalog(s).top(CommandTable.text(a.get(2)));
        if (spec != null && spec.isContainer() && a.size() > 3) {
            CommandSpec sub = spec.subcommands().get(CommandTable.lower(a.get(3)));
            spec = sub != null ? sub : spec;
        }
        if (spec == null) {
            s.reply(Errors.err(Errors.GETKEYS_INVALID_COMMAND));
        } else if (!spec.arityOk(a.size() - 2)) {
            s.reply(Errors.err(Errors.GETKEYS_INVALID_ARGS));
        } else {
            s.reply(Errors.err(Errors.GETKEYS_NO_KEYS));
        }
    }
}
