package io.jsentinel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TEMPORARY STAND-IN (see ConfigException): understands only the generic directives the launcher uses
 * (port, bind, loglevel, logfile, pidfile, daemonize, dir) and ignores everything else, so the launcher
 * can be built and tried before the real parser is merged.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static List<String> argvToLines(List<String> args) {
        throw new UnsupportedOperationException("stand-in: the launcher converts argv itself");
    }

    public static LoadedConfig load(Path file, List<String> extraLines, boolean sentinelMode) throws ConfigException {
        List<String> lines = new ArrayList<>();
        if (file != null) {
            try {
                lines.addAll(Files.readAllLines(file));
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't open config file '" + file + "': " + e.getMessage());
            }
        }
        lines.addAll(extraLines);
        ServerSettings d = ServerSettings.defaults();
        int port = d.port();
        List<String> bind = d.bind();
        String logfile = d.logfile();
        String loglevel = d.loglevel();
        String pidfile = d.pidfile();
        boolean daemonize = d.daemonize();
        String dir = d.dir();
        int n = 0;
        for (String raw : lines) {
            n++;
            List<String> a = split(raw.trim());
            if (a.isEmpty() || a.get(0).startsWith("#")) {
                continue;
            }
            String v = a.size() > 1 ? a.get(1) : "";
            try {
                switch (a.get(0).toLowerCase(Locale.ROOT)) {
                    case "port" -> port = Integer.parseInt(v);
                    case "bind" -> bind = a.subList(1, a.size());
                    case "logfile" -> logfile = v;
                    case "loglevel" -> loglevel = v;
                    case "pidfile" -> pidfile = v;
                    case "daemonize" -> daemonize = v.equalsIgnoreCase("yes");
                    case "dir" -> dir = v;
                    default -> {
                    }
                }
            } catch (NumberFormatException e) {
                throw new ConfigException("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line "
                        + n + "\n>>> '" + raw.trim() + "'\nargument couldn't be parsed into an integer");
            }
        }
        ServerSettings s = new ServerSettings(port, bind, false, null, List.of(), logfile, loglevel, pidfile,
                daemonize, dir, 0);
        SentinelConfig c = SentinelConfig.defaults();
        SentinelConfig cfg = new SentinelConfig(c.myId(), c.currentEpoch(), c.denyScriptsReconfig(),
                c.resolveHostnames(), c.announceHostnames(), c.announceIp(), c.announcePort(), c.sentinelUser(),
                c.sentinelPass(), s, c.masters());
        return new LoadedConfig(cfg, new ConfigDocument(lines));
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                cur = cur == null ? new StringBuilder() : cur;
            } else if (Character.isWhitespace(ch)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(ch);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
