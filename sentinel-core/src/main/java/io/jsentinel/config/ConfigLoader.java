package io.jsentinel.config;

import io.jsentinel.config.RedisDirectives.Spec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code sentinel.conf} as redis-server 7.0.15 does (protocol doc §9): generic directives are
 * validated as they are read, {@code sentinel} lines are queued and applied afterwards in three passes,
 * and the first error becomes a {@link ConfigException} carrying Redis' FATAL text.
 */
public final class ConfigLoader {
    private static final Set<String> DEPRECATED =
            Set.of("list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands");
    /** Commands a 7.0 sentinel has, which alone {@code rename-command} can name in sentinel mode. */
    private static final Set<String> SENTINEL_COMMANDS = Set.of("sentinel", "ping", "info", "role", "hello",
            "auth", "acl", "client", "command", "subscribe", "unsubscribe", "psubscribe", "punsubscribe",
            "publish", "shutdown");
    private static final Set<String> MODELED =
            Set.of("port", "bind", "protected-mode", "requirepass", "logfile", "loglevel", "pidfile", "daemonize", "dir");
    private static final int MAX_INCLUDE_DEPTH = 32;

    private final boolean sentinelMode;
    private Path cwd;
    private final Map<String, List<String>> generic = new LinkedHashMap<>();
    private final List<List<String>> userLines = new ArrayList<>();
    private final List<SentinelDirectives.Entry> queue = new ArrayList<>();
    private final Set<String> commands = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private Integer metricsPort;

    private ConfigLoader(boolean sentinelMode, Path cwd) {
        this.sentinelMode = sentinelMode;
        this.cwd = cwd.toAbsolutePath().normalize();
        commands.addAll(SENTINEL_COMMANDS);
    }

    /**
     * Turns command-line options (the arguments after the config file name) into config lines the way
     * redis-server 7.0's {@code main()} does: each {@code --name} starts a line, the following arguments are
     * appended quoted; a value right after a bare name is taken even if it starts with {@code --}; a bare
     * {@code --save} followed by another option or at the end gets an empty value; {@code --sentinel} stays
     * as a one-word {@code sentinel} line, which the loader ignores but which counts for line numbers.
     */
    public static List<String> argvToLines(List<String> args) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = null;
        boolean handledLast = true;
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            boolean last = j == args.size() - 1;
            boolean nextIsOption = !last && args.get(j + 1).startsWith("--");
            if (handledLast && a.startsWith("--")) {
                if (cur != null) {
                    lines.add(ConfigTokenizer.trim(cur.toString()));
                }
                cur = new StringBuilder(a.substring(2)).append(' ');
                List<String> parts = ConfigTokenizer.split(a);
                if (parts != null && parts.size() == 1) {
                    handledLast = false;
                    if (a.equalsIgnoreCase("--save") && (nextIsOption || last)) {
                        cur.append("\"\"");
                        handledLast = nextIsOption;
                    } else if (a.equalsIgnoreCase("--sentinel") && nextIsOption) {
                        handledLast = true;
                    }
                } else {
                    handledLast = true;
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(ConfigTokenizer.repr(a)).append(' ');
                handledLast = true;
            }
        }
        if (cur != null) {
            lines.add(ConfigTokenizer.trim(cur.toString()));
        }
        return lines;
    }

    /** Loads {@code file} plus {@code extraLines}, resolving relative paths against the process directory. */
    public static LoadedConfig load(Path file, List<String> extraLines, boolean sentinelMode) throws ConfigException {
        return load(file, extraLines, sentinelMode, Path.of("").toAbsolutePath());
    }

    /** Loads {@code file} plus {@code extraLines}, with {@code cwd} standing for the process directory. */
    public static LoadedConfig load(Path file, List<String> extraLines, boolean sentinelMode, Path cwd)
            throws ConfigException {
        String content = readFile(file, file.toString(), file);
        return new ConfigLoader(sentinelMode, cwd).run(content, file, extraLines);
    }

    /** Loads config text (tests, embedding); the document has no path. */
    public static LoadedConfig parse(String content, List<String> extraLines, boolean sentinelMode, Path cwd)
            throws ConfigException {
        return new ConfigLoader(sentinelMode, cwd).run(content, null, extraLines);
    }

    private LoadedConfig run(String content, Path file, List<String> extraLines) throws ConfigException {
        String all = content;
        if (extraLines != null && !extraLines.isEmpty()) {
            all = content + "\n" + String.join("\n", extraLines);
        }
        loadString(all, file, 0);
        String logfile = value("logfile", "");
        if (!logfile.isEmpty()) {
            Path log = cwd.resolve(logfile);
            try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.flush();
            } catch (IOException e) {
                throw ConfigException.general(file, "Can't open the log file: " + osReason(e));
            }
        }
        SentinelDirectives sentinel = new SentinelDirectives(cwd.toString(), file);
        sentinel.applyAll(queue);
        return new LoadedConfig(sentinel.build(serverSettings()), new ConfigDocument(file, content),
                sentinel.stateFile());
    }

    private ServerSettings serverSettings() {
        int port = ConfigValidation.atoi(value("port", sentinelMode ? "26379" : "6379"));
        List<String> bind = generic.getOrDefault("bind", List.of());
        boolean protectedMode = ConfigValidation.parseYesNo(value("protected-mode", sentinelMode ? "no" : "yes"));
        String requirepass = value("requirepass", "");
        Map<String, List<String>> rest = new LinkedHashMap<>();
        generic.forEach((k, v) -> {
            if (!MODELED.contains(k)) {
                rest.put(k, v);
            }
        });
        return new ServerSettings(port, bind, protectedMode, requirepass.isEmpty() ? null : requirepass, userLines,
                value("logfile", ""), value("loglevel", "notice").toLowerCase(Locale.ROOT),
                generic.containsKey("pidfile") ? value("pidfile", "") : null,
                ConfigValidation.parseYesNo(value("daemonize", "no")), cwd.toString(),
                metricsPort == null ? 0 : metricsPort, rest);
    }

    private String value(String name, String dflt) {
        List<String> v = generic.get(name);
        return v == null || v.isEmpty() ? dflt : v.get(0);
    }

    private void loadString(String content, Path file, int depth) throws ConfigException {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = ConfigTokenizer.trim(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            List<String> argv = ConfigTokenizer.split(line);
            if (argv == null) {
                throw ConfigException.atLine(file, i + 1, line, "Unbalanced quotes in configuration line");
            }
            if (argv.isEmpty()) {
                continue;
            }
            String err = directive(argv, file, i + 1, line, depth);
            if (err != null) {
                throw ConfigException.atLine(file, i + 1, line, err);
            }
        }
    }

    /** Handles one directive; returns Redis' error text or null. */
    private String directive(List<String> argv, Path file, int lineNo, String line, int depth) throws ConfigException {
        String name = argv.get(0).toLowerCase(Locale.ROOT);
        List<String> args = argv.subList(1, argv.size());
        int argc = argv.size();
        Spec spec = RedisDirectives.lookup(name);
        if (spec != null) {
            String err = GenericChecks.check(spec, args);
            if (err == null && name.equals("dir")) {
                err = changeDir(args.get(0));
            }
            if (err == null) {
                generic.put(RedisDirectives.canonical(name), List.copyOf(args));
            }
            return err;
        }
        if (DEPRECATED.contains(name) && argc == 2) {
            return null;
        }
        if (name.equals("include") && argc == 2) {
            include(args.get(0), file, depth);
            return null;
        }
        if (name.equals("rename-command") && argc == 3) {
            return renameCommand(args.get(0), args.get(1));
        }
        if (name.equals("user") && argc >= 2) {
            String err = AclRules.check(argv);
            if (err == null) {
                userLines.add(List.copyOf(args));
            }
            return err;
        }
        if (name.equals("loadmodule") && argc >= 2) {
            return null;
        }
        if (name.indexOf('.') >= 0) {
            return argc != 2 ? "Module config specified without value" : null;
        }
        if (name.equals("sentinel")) {
            if (argc == 1) {
                return null;
            }
            if (!sentinelMode) {
                return "sentinel directive while not in sentinel mode";
            }
            queue.add(new SentinelDirectives.Entry(List.copyOf(args), file, lineNo, line));
            return null;
        }
        if (name.equals("metrics-port") && argc == 2) {
            Long p = ConfigValidation.string2ll(args.get(0));
            if (p == null) {
                return "argument couldn't be parsed into an integer";
            }
            if (!ConfigValidation.isValidPort(p)) {
                return "argument must be between 0 and 65535 inclusive";
            }
            metricsPort = p.intValue();
            return null;
        }
        if (name.equals("http-api") || name.equals("http-auth")) {
            String err = HttpDirectives.check(name, args);
            if (err == null) {
                generic.put(name, List.copyOf(args));
            }
            return err;
        }
        return "Bad directive or wrong number of arguments";
    }

    private String renameCommand(String from, String to) {
        if (sentinelMode && !commands.contains(from)) {
            return "No such command in rename-command";
        }
        commands.remove(from);
        if (!to.isEmpty()) {
            if (sentinelMode && commands.contains(to)) {
                return "Target command name already exists";
            }
            commands.add(to);
        }
        return null;
    }

    private String changeDir(String dir) {
        Path p = cwd.resolve(dir);
        if (dir.isEmpty() || !Files.exists(p)) {
            return "No such file or directory";
        }
        if (!Files.isDirectory(p)) {
            return "Not a directory";
        }
        cwd = p.toAbsolutePath().normalize();
        return null;
    }

    private void include(String pattern, Path from, int depth) throws ConfigException {
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw ConfigException.cannotOpen(from, pattern, "Too many levels of symbolic links");
        }
        if (pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0) {
            Path full = cwd.resolve(pattern);
            Path dir = full.getParent();
            List<Path> matches = new ArrayList<>();
            if (dir != null && Files.isDirectory(dir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, full.getFileName().toString())) {
                    ds.forEach(matches::add);
                } catch (IOException | RuntimeException e) {
                    matches.clear();
                }
            }
            matches.sort(null);
            for (Path m : matches) {
                loadString(readFile(m, m.toString(), from), m, depth + 1);
            }
            return;
        }
        Path p = cwd.resolve(pattern);
        loadString(readFile(p, pattern, from), p, depth + 1);
    }

    private static String readFile(Path p, String shown, Path from) throws ConfigException {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.cannotOpen(from, shown, osReason(e));
        }
    }

    static String osReason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        String m = e.getMessage();
        return m != null && m.contains("Is a directory") ? "Is a directory" : String.valueOf(m);
    }
}
