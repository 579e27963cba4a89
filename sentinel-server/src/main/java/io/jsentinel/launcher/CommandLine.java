package io.jsentinel.launcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arguments of {@code redis-sentinel}/{@code redis-server}, read the way Redis 7.0's {@code main()}
 * reads them: {@code [/path/sentinel.conf] [--directive value ...] [-]}.
 *
 * <p>Only the first argument selects {@code --version}, {@code --help} and the like. The first argument is
 * the config file unless it starts with {@code -}. {@code -} as the first or last argument means "also read
 * config from stdin". Every {@code --name} starts a config line, and the following arguments that do not
 * start with {@code --} become its values, quoted like Redis' {@code sdscatrepr}. So {@code --port 26380}
 * becomes {@code port "26380"}, {@code "--port 26380"} (one argument) stays {@code port 26380}, and
 * {@code --sentinel} (a pseudo directive with no value) is dropped.
 *
 * @param action what to do
 * @param configFile the config file as given, or null
 * @param readStdin whether {@code -} asks for config from stdin
 * @param optionLines config lines built from the options, applied after the file and stdin
 * @param rest the arguments after the first one (for {@code --demo})
 */
public record CommandLine(Action action, String configFile, boolean readStdin, List<String> optionLines,
        List<String> rest) {

    /** What the first argument asks for. */
    public enum Action { RUN, VERSION, HELP, TEST_MEMORY, CHECK_SYSTEM, DEMO, CDS_TRAINING }

    public CommandLine {
        optionLines = List.copyOf(optionLines);
        rest = List.copyOf(rest);
    }

    /** Parses {@code args} (without the program name); never throws. */
    public static CommandLine parse(List<String> args) {
        if (!args.isEmpty()) {
            List<String> rest = args.subList(1, args.size());
            Action special = switch (args.get(0)) {
                case "-v", "--version" -> Action.VERSION;
                case "-h", "--help" -> Action.HELP;
                case "--test-memory" -> Action.TEST_MEMORY;
                case "--check-system" -> Action.CHECK_SYSTEM;
                case "--demo" -> Action.DEMO;
                case "--cds-training" -> Action.CDS_TRAINING;
                default -> null;
            };
            if (special != null) {
                return new CommandLine(special, null, false, List.of(), rest);
            }
        }
        String configFile = null;
        int first = 0;
        if (!args.isEmpty() && !args.get(0).startsWith("-")) {
            configFile = args.get(0);
            first = 1;
        }
        boolean stdin = false;
        StringBuilder options = new StringBuilder();
        // false right after an option name given alone: its values follow (Redis' handled_last_config_arg)
        boolean valueSeen = true;
        int last = args.size() - 1;
        for (int j = first; j < args.size(); j++) {
            String arg = args.get(j);
            if (arg.equals("-") && (j == 0 || j == last)) {
                stdin = true;
            } else if (valueSeen && arg.startsWith("--")) {
                if (options.length() > 0) {
                    options.append('\n');
                }
                options.append(arg, 2, arg.length()).append(' ');
                if (arg.strip().chars().anyMatch(Character::isWhitespace)) {
                    valueSeen = true; // "--port 6380" as a single argument carries its own value
                } else {
                    valueSeen = false;
                    boolean nextIsOption = j != last && args.get(j + 1).startsWith("--");
                    if (arg.equalsIgnoreCase("--save") && (nextIsOption || j == last)) {
                        // Redis 7.0.1+: a bare --save means `save ""` (pre-7.0 compatibility)
                        options.append("\"\"");
                        valueSeen = true;
                    } else if (arg.equalsIgnoreCase("--sentinel") && nextIsOption) {
                        valueSeen = true;
                    }
                }
            } else {
                options.append(repr(arg)).append(' ');
                valueSeen = true;
            }
        }
        List<String> lines = new ArrayList<>();
        for (String line : options.toString().split("\n")) {
            String trimmed = line.strip();
            // "sentinel" alone only selected sentinel mode; Redis' config loader skips it
            if (!trimmed.isEmpty() && !trimmed.toLowerCase(Locale.ROOT).equals("sentinel")) {
                lines.add(trimmed);
            }
        }
        return new CommandLine(Action.RUN, configFile, stdin, lines, args.subList(Math.min(1, args.size()), args.size()));
    }

    /** Redis' {@code sdscatrepr}: double quotes, C escapes, {@code \xHH} for other non-printable bytes. */
    static String repr(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
