package io.jsentinel.command;

import io.jsentinel.resp.RespReader;
import io.jsentinel.resp.RespValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sentinel command table as redis-sentinel 7.0.15 reports it through {@code COMMAND} and
 * {@code COMMAND DOCS}, loaded from bundled recordings of those replies (RESP3, base64 because the
 * module's resources are filtered). Arity and flags used for dispatch come from the same data, so
 * what we enforce and what we advertise cannot drift apart.
 */
public final class CommandCatalog {
    private final Map<String, CommandSpec> commands;
    private final RespValue allInfo;
    private final Map<RespValue, RespValue> docs;

    private CommandCatalog(Map<String, CommandSpec> commands, RespValue allInfo, Map<RespValue, RespValue> docs) {
        this.commands = commands;
        this.allInfo = allInfo;
        this.docs = docs;
    }

    /** The 7.0.15 sentinel catalog, parsed once (the command table, the ACL store and SENTINEL share it). */
    public static CommandCatalog sentinel() {
        return Holder.SENTINEL;
    }

    private static final class Holder {
        static final CommandCatalog SENTINEL = load();
    }

    private static CommandCatalog load() {
        RespValue info = RespReader.parse(load("command-info.resp3.b64"));
        RespValue docs = RespReader.parse(load("command-docs.resp3.b64"));
        Map<String, CommandSpec> specs = new LinkedHashMap<>();
        for (RespValue entry : ((RespValue.Array) info).items()) {
            CommandSpec spec = toSpec(entry);
            specs.put(spec.fullName(), spec);
        }
        return new CommandCatalog(Collections.unmodifiableMap(specs), info, ((RespValue.MapValue) docs).entries());
    }

    private static CommandSpec toSpec(RespValue entry) {
        List<RespValue> f = ((RespValue.Array) entry).items();
        String name = ((RespValue.BulkString) f.get(0)).utf8();
        int arity = (int) ((RespValue.Integer) f.get(1)).value();
        Set<String> flags = texts(f.get(2));
        Set<String> cats = new LinkedHashSet<>();
        for (String c : texts(f.get(6))) {
            cats.add(c.substring(1));
        }
        Map<String, CommandSpec> subs = new LinkedHashMap<>();
        if (f.get(9) instanceof RespValue.Array a) {
            for (RespValue sub : a.items()) {
                CommandSpec s = toSpec(sub);
                subs.put(s.fullName().substring(s.fullName().indexOf('|') + 1), s);
            }
        }
        return new CommandSpec(name, arity, Collections.unmodifiableSet(flags), Collections.unmodifiableSet(cats),
                entry, Collections.unmodifiableMap(subs));
    }

    private static Set<String> texts(RespValue v) {
        List<RespValue> items = v instanceof RespValue.SetValue s ? s.items() : ((RespValue.Array) v).items();
        Set<String> out = new LinkedHashSet<>();
        for (RespValue i : items) {
            out.add(i instanceof RespValue.SimpleString s ? s.text() : ((RespValue.BulkString) i).utf8());
        }
        return out;
    }

    private static byte[] load(String resource) {
        try (InputStream in = CommandCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            String b64 = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", "");
            return Base64.getDecoder().decode(b64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Top-level command by name (case-insensitive), or null. */
    public CommandSpec top(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    /** Command or {@code container|sub} by full name, or null. */
    public CommandSpec byFullName(String fullName) {
        String lower = fullName.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            return commands.get(lower);
        }
        CommandSpec parent = commands.get(lower.substring(0, bar));
        return parent == null ? null : parent.subcommands().get(lower.substring(bar + 1));
    }

    public int count() {
        return commands.size();
    }

    public RespValue allInfo() {
        return allInfo;
    }

    public List<CommandSpec> all() {
        return new ArrayList<>(commands.values());
    }

    /** Every command and subcommand, containers first then their subcommands, as COMMAND LIST orders them. */
    public List<CommandSpec> allWithSubcommands() {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandSpec c : commands.values()) {
            out.add(c);
            out.addAll(c.subcommands().values());
        }
        return out;
    }

    /** COMMAND DOCS entry for a command or subcommand, or null. */
    public RespValue docs(String fullName) {
        String lower = fullName.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        RespValue top = docs.get(RespValue.bulk(bar < 0 ? lower : lower.substring(0, bar)));
        if (bar < 0 || top == null) {
            return top;
        }
        RespValue subs = ((RespValue.MapValue) top).entries().get(RespValue.bulk("subcommands"));
        return subs == null ? null : ((RespValue.MapValue) subs).entries().get(RespValue.bulk(lower));
    }

    public Map<RespValue, RespValue> allDocs() {
        return docs;
    }
}
