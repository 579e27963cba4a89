package io.jsentinel.launcher.http;

import java.util.List;
import java.util.Locale;

/**
 * The {@code metrics-port} setting (ours, not Redis'): from the parsed config when the parser knows it,
 * else from a {@code --metrics-port <port>} option line. 0 means off.
 */
public final class MetricsPort {
    private MetricsPort() {
    }

    /**
     * @param fromConfig {@code ServerSettings.metricsPort()}
     * @param optionLines the config lines built from argv ({@code metrics-port "9121"})
     * @throws IllegalArgumentException naming the bad value
     */
    public static int resolve(int fromConfig, List<String> optionLines) {
        int port = fromConfig;
        for (String line : optionLines) {
            String[] a = line.strip().split("\\s+", 2);
            if (a.length == 2 && a[0].toLowerCase(Locale.ROOT).equals("metrics-port")) {
                String v = a[1].strip().replace("\"", "");
                try {
                    port = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("Invalid metrics-port '" + v + "': must be 0..65535");
                }
            }
        }
        return port;
    }
}
