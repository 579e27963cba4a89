package io.jsentinel.server;

import io.jsentinel.command.CommandSpec;
import io.jsentinel.command.CommandCatalog;
import io.jsentinel.command.Errors;
import io.jsentinel.command.KnownNames;
import io.jsentinel.resp.RespRequest;
import io.jsentinel.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Name → handler dispatch with the checks of Redis 7.0's {@code processCommand}, in its order:
 * unknown command or subcommand, arity, authentication, ACL permission, RESP2 subscribed context.
 */
public final class CommandTable {

    /** Executes one command whose checks passed; replies through {@link ClientSession#reply}. */
    @FunctionalInterface
    public interface Handler {
        void handle(ClientSession session, List<byte[]> argv);
    }

    /** Commands a RESP2 subscriber may still run (Redis lets QUIT and RESET through too; neither exists here). */
    private static final Set<String> PUBSUB_ALLOWED = Set.of("ping", "subscribe", "unsubscribe", "psubscribe",
            "punsubscribe", "ssubscribe", "sunsubscribe", "quit", "reset");

    private final CommandCatalog catalog;
    private final Map<String, Handler> handlers = new HashMap<>();
    private final Set<String> loopCommands;

    CommandTable(CommandCatalog catalog, Set<String> loopCommands) {
        this.catalog = catalog;
        this.loopCommands = loopCommands;
        List<String> names = new ArrayList<>();
        for (CommandSpec c : catalog.allWithSubcommands()) {
            String full = c.fullName();
            names.add(full.substring(full.indexOf('|') + 1));
        }
        this.knownNames = new KnownNames(names);
    }

    private final KnownNames knownNames;

    /** {@link #lower} without allocating for the names of the catalog. */
    private String name(byte[] b) {
        String known = knownNames.lookup(b);
        return known != null ? known : lower(b);
    }

    /** The full 7.0.15 sentinel table. */
    public static CommandTable sentinel() {
        CommandTable t = new CommandTable(CommandCatalog.sentinel(), ServerCommands.LOOP_COMMANDS);
        ServerCommands.register(t);
        ClientCommands.register(t);
        PubSubCommands.register(t);
        AclCommands.register(t);
        CommandCommands.register(t);
        return t;
    }

    /** Registers {@code handler} for a full name ({@code ping}, {@code client|id}, or {@code sentinel|*}). */
    void register(String fullName, Handler handler) {
        handlers.put(fullName, handler);
    }

    public CommandCatalog catalog() {
        return catalog;
    }

    /** True when no request of the batch needs the sentinel loop. */
    public boolean canRunOnIoThread(List<RespRequest> batch) {
        for (RespRequest r : batch) {
            if (r instanceof RespRequest.Command c && loopCommands.contains(name(c.argv().get(0)))
                    && !isMasterAddressLookup(c.argv())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code SENTINEL GET-MASTER-ADDR-BY-NAME <name>}, the command clients send most, is answered on the
     * I/O thread from the backend's published addresses ({@link io.jsentinel.server.SentinelBackend#masterAddress}).
     */
    static boolean isMasterAddressLookup(List<byte[]> argv) {
        return argv.size() == 3 && KnownNames.equalsIgnoreCase(SENTINEL, argv.get(0))
                && KnownNames.equalsIgnoreCase(GET_MASTER_ADDR, argv.get(1));
    }

    private static final byte[] SENTINEL = "sentinel".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET_MASTER_ADDR = "get-master-addr-by-name".getBytes(StandardCharsets.US_ASCII);

    /** Runs one command for {@code session}, replying exactly as redis-sentinel would. */
    public void execute(ClientSession session, List<byte[]> argv) {
        String name = name(argv.get(0));
        CommandSpec spec = catalog.top(name);
        // Unknown names are counted together, so a client cannot grow the metric without bound.
        session.server().stats().countCommand(spec == null ? "unknown" : name);
        if (spec == null) {
            session.beginCommand(name);
            List<String> args = new ArrayList<>();
            for (int i = 1; i < argv.size(); i++) {
                args.add(text(argv.get(i)));
            }
            session.reply(Errors.err(Errors.unknownCommand(text(argv.get(0)), args)));
            return;
        }
        if (spec.isContainer() && argv.size() >= 2) {
            CommandSpec sub = spec.subcommands().get(name(argv.get(1)));
            if (sub == null) {
                session.beginCommand(name);
                session.reply(Errors.err(Errors.unknownSubcommand(text(argv.get(0)), text(argv.get(1)))));
                return;
            }
            spec = sub;
        }
        session.beginCommand(spec.fullName());
        if (!spec.arityOk(argv.size())) {
            session.reply(Errors.err(Errors.wrongArity(spec.fullName())));
            return;
        }
        boolean noAuth = spec.flags().contains("no_auth");
        if (!noAuth && session.authRequired()) {
            session.reply(Errors.err(Errors.NOAUTH));
            return;
        }
        if (!noAuth && !session.user().canRun(spec, argv)) {
            session.reply(Errors.err(Errors.noPerm(spec.fullName())));
            return;
        }
        if (!noAuth && deniedChannel(session.user(), spec, argv) != null) {
            session.reply(Errors.err(Errors.NOPERM_CHANNEL));
            return;
        }
        if (session.proto() == 2 && session.subscribed() && !PUBSUB_ALLOWED.contains(name)) {
            session.reply(Errors.err(Errors.pubsubContext(spec.fullName())));
            return;
        }
        Handler h = handlers.get(spec.fullName());
        if (h == null && spec.fullName().indexOf('|') > 0) {
            h = handlers.get(name + "|*");
        }
        if (h == null) {
            session.reply(Errors.err(Errors.unknownCommand(text(argv.get(0)), List.of())));
            return;
        }
        h.handle(session, argv);
    }

    /** The first channel of a (P)SUBSCRIBE or PUBLISH that {@code user} may not use, or null. */
    static String deniedChannel(AclUser user, CommandSpec spec, List<byte[]> argv) {
        String name = spec.fullName();
        boolean pattern = name.equals("psubscribe");
        int last = switch (name) {
            case "subscribe", "psubscribe", "ssubscribe" -> argv.size() - 1;
            case "publish", "spublish" -> Math.min(1, argv.size() - 1);
            default -> 0;
        };
        for (int i = 1; i <= last; i++) {
            String ch = text(argv.get(i));
            if (!user.canUseChannel(ch, pattern)) {
                return ch;
            }
        }
        return null;
    }

    static String lower(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static RespValue ok() {
        return RespValue.OK;
    }
}
