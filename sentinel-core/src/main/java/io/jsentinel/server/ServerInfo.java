package io.jsentinel.server;

/**
 * Process facts shown by {@code INFO server}.
 *
 * @param configFile absolute path of sentinel.conf ({@code config_file:}), empty when embedded without one
 * @param executable absolute path of the launcher ({@code executable:}), empty when embedded
 * @param pid process id ({@code process_id:})
 * @param tcpPort the configured port; 0 means "report the port actually bound"
 * @param runId 40 hex characters ({@code run_id:}); Redis draws a new one per start
 * @param startMillis wall-clock start time, for {@code uptime_in_seconds}
 * @param supervised {@code process_supervised}: {@code systemd}, {@code upstart} or {@code no}
 */
public record ServerInfo(String configFile, String executable, long pid, int tcpPort, String runId, long startMillis,
                         String supervised) {

    public ServerInfo {
        configFile = configFile == null ? "" : configFile;
        executable = executable == null ? "" : executable;
        supervised = supervised == null || supervised.isEmpty() ? "no" : supervised;
        if (runId == null || runId.length() != 40) {
            throw new IllegalArgumentException("runId: " + runId + " (expected: 40 hex characters)");
        }
    }

    /** Facts of the current JVM, with a fresh random run id. */
    public static ServerInfo current(String configFile, String executable, int tcpPort) {
        return current(configFile, executable, tcpPort, "no");
    }

    /** The same, supervised as the launcher found ({@code process_supervised}). */
    public static ServerInfo current(String configFile, String executable, int tcpPort, String supervised) {
        return new ServerInfo(configFile, executable, ProcessHandle.current().pid(), tcpPort, randomRunId(),
                System.currentTimeMillis(), supervised);
    }

    /** 40 random hex characters, like Redis' getRandomHexChars. */
    public static String randomRunId() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }
}
