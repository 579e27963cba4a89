package io.jsentinel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.config.ConfigException;
import io.jsentinel.config.ConfigLoader;
import io.jsentinel.config.LoadedConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzz run of the config parser and of what the server builds from its result (ACL users, TLS and client
 * limits): {@code -Dfuzz.inputs=N} generated configs (default 5,000; the documented long run uses
 * 1,000,000). Every input must load or fail with a {@link ConfigException}; a loaded one must give
 * settings the server accepts, or a Redis-worded ACL error. Directives that touch files ({@code include},
 * {@code logfile}, {@code dir}) are left out so the run writes nothing.
 */
class ConfigParserFuzzTest {
    private static final String[] DIRECTIVES = {"port", "bind", "protected-mode", "requirepass", "user", "loglevel",
        "daemonize", "pidfile", "maxclients", "timeout", "client-query-buffer-limit", "tls-port", "tls-cert-file",
        "tls-key-file", "tls-ca-cert-file", "tls-auth-clients", "tls-replication", "tls-protocols",
        "sentinel monitor", "sentinel down-after-milliseconds", "sentinel auth-pass", "sentinel auth-user",
        "sentinel known-replica", "sentinel known-sentinel", "sentinel config-epoch", "sentinel leader-epoch",
        "sentinel current-epoch", "sentinel myid", "sentinel sentinel-pass", "sentinel sentinel-user",
        "sentinel notification-script", "sentinel client-reconfig-script", "sentinel deny-scripts-reconfig",
        "sentinel rename-command", "sentinel resolve-hostnames", "sentinel announce-ip", "sentinel announce-port",
        "sentinel parallel-syncs", "sentinel failover-timeout", "sentinel quorum", "nosuch-directive", "rename-command"};
    private static final String[] ARGS = {"mymaster", "m2", "127.0.0.1", "::1", "localhost", "6379", "0", "-1",
        "65536", "2", "99999999999999999999", "yes", "no", "optional", "\"quoted arg\"", "'single'", "\"unterminated",
        "\"\\x41\\n\"", "on", "off", ">pw", "nopass", "+@all", "-@all", "+sentinel|masters", "~*", "&*", "+nosuch",
        "#abc", "1gb", "1mb", "10kb", "TLSv1.2", "TLSv1.3", "5000", "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9",
        "", "\"\"", "\u00e9\u00e8", "\\", "\t", "x".repeat(300)};
    private static final String[] SEPARATORS = {" ", "  ", "\t", " \" ", " ' "};

    static String config(Random r) {
        StringBuilder sb = new StringBuilder();
        int lines = r.nextInt(12);
        for (int i = 0; i < lines; i++) {
            switch (r.nextInt(12)) {
                case 0 -> {
                    byte[] junk = new byte[r.nextInt(40)];
                    r.nextBytes(junk);
                    sb.append(new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                case 1 -> sb.append("# comment ").append(ARGS[r.nextInt(ARGS.length)]);
                default -> {
                    sb.append(DIRECTIVES[r.nextInt(DIRECTIVES.length)]);
                    int n = r.nextInt(6);
                    for (int k = 0; k < n; k++) {
                        sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]).append(ARGS[r.nextInt(ARGS.length)]);
                    }
                }
            }
            sb.append(r.nextInt(8) == 0 ? "\r\n" : "\n");
        }
        return sb.toString();
    }

    private static boolean touchesFiles(String cfg) {
        for (String line : cfg.split("\n")) {
            String l = line.trim().toLowerCase(Locale.ROOT);
            if (l.startsWith("include") || l.startsWith("logfile") || l.startsWith("dir") || l.startsWith("\"include")
                    || l.startsWith("\"logfile") || l.startsWith("\"dir") || l.startsWith("'")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void fuzz() throws Exception {
        long inputs = Long.getLong("fuzz.inputs", 5_000);
        long baseSeed = Long.getLong("fuzz.seed", 7L);
        Path cwd = Files.createTempDirectory("jsentinel-fuzz-");
        long loaded = 0;
        long refused = 0;
        long aclRefused = 0;
        for (long i = 0; i < inputs; i++) {
            long seed = baseSeed + i;
            String cfg = config(new Random(seed));
            if (touchesFiles(cfg)) {
                continue;
            }
            try {
                LoadedConfig lc = ConfigLoader.parse(cfg, List.of(), true, cwd);
                loaded++;
                ServerSettings s = lc.config().server();
                try {
                    new AclStore(s.requirepass(), s.userLines());
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).as("seed %d", seed).startsWith("Error");
                    aclRefused++;
                }
                TlsSettings.from(s);
                Limits.from(s);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).as("seed %d", seed).isNotBlank();
                refused++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("config fuzz failed at seed " + seed + " on:\n" + cfg, e);
            }
        }
        try (var files = Files.list(cwd)) {
            assertThat(files.toList()).as("files written by the parser").isEmpty();
        }
        Files.delete(cwd);
        System.out.printf("config fuzz: %d inputs, %d loaded, %d refused by the parser, %d by the ACL set-up%n",
                inputs, loaded, refused, aclRefused);
        assertThat(loaded).isPositive();
        assertThat(refused).isPositive();
    }
}
