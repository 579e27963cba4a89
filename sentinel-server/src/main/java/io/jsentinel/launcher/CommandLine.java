package io.jsentinel.launcher;

import io.jsentinel.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code redis-sentinel}/{@code redis-server}, read the way Redis 7.0's {@code main()}
 * reads them: {@code [/path/sentinel.conf] [--directive value ...] [-]}.
 *
 * <p>Only the first argument selects {@code --version}, {@code --help} and the like. The first argument is
 * the config file unless it starts with {@code -}. {@code -} as the first or last argument means "also read
 * config from stdin". The options become config lines as {@link ConfigLoader#argvToLines} makes them (Redis'
 * rules: {@code --port 26380} becomes {@code port "26380"}, {@code "--port 26380"} stays {@code port 26380},
 * {@code --sentinel} a one-word line the loader skips).
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
        List<String> options = new ArrayList<>();
        int last = args.size() - 1;
        for (int j = first; j < args.size(); j++) {
            String arg = args.get(j);
            if (arg.equals("-") && (j == 0 || j == last)) {
                stdin = true;
            } else {
                options.add(arg);
            }
        }
        List<String> lines = ConfigLoader.argvToLines(options);
        return new CommandLine(Action.RUN, configFile, stdin, lines, args.subList(Math.min(1, args.size()), args.size()));
    }
}
