package io.jsentinel.launcher;

import io.jsentinel.RunningSentinel;
import io.jsentinel.Sentinel;
import io.jsentinel.config.ConfigException;
import io.jsentinel.config.ConfigLoader;
import io.jsentinel.config.Defaults;
import io.jsentinel.config.FileConfigStore;
import io.jsentinel.config.LoadedConfig;
import io.jsentinel.config.ServerSettings;
import io.jsentinel.config.StateFileStore;
import io.jsentinel.launcher.logging.LogSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis' start-up sequence for a sentinel, step by step: read the config (file, stdin, options), check
 * that state can be saved, set up logging, daemonize, log the start-up lines, write the pidfile, bind and
 * start, then wait for a signal or SHUTDOWN. Messages and exit statuses are Redis'.
 */
public final class Launcher {
    static final Logger LOG = LoggerFactory.getLogger("io.jsentinel.launcher");
    static final String VERSION_LINE = "Redis server v=" + Defaults.REDIS_VERSION
            + " sha=00000000:0 malloc=jvm bits=64 build=jsentinel-" + jsentinelVersion();

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final IntConsumer exit;

    public Launcher(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, IntConsumer exit) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.exit = exit;
    }

    /** Runs the command line; returns the exit status, or -1 when the sentinel runs (exit comes later). */
    public int run(CommandLine cl) {
        switch (cl.action()) {
            case VERSION -> {
                out.println(VERSION_LINE);
                return 0;
            }
            case HELP -> {
                err.print(usage());
                return 1; // as redis-server: usage() exits 1
            }
            case TEST_MEMORY, CHECK_SYSTEM -> {
                err.println("jsentinel: --" + cl.action().name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + " is not supported (it checks the native redis-server build)");
                return 1;
            }
            case DEMO -> {
                return Main.runDemo(cl.rest(), out, err);
            }
            case CDS_TRAINING -> {
                return CdsTraining.run(err);
            }
            default -> {
                return start(cl);
            }
        }
    }

    private int start(CommandLine cl) {
        List<String> extra = new ArrayList<>();
        if (cl.readStdin()) {
            LOG.warn("Reading config from stdin");
            try {
                extra.addAll(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
            } catch (RuntimeException e) {
                LOG.warn("Fatal error, can't read config from stdin: {}", e.getMessage());
                return 1;
            }
        }
        extra.addAll(cl.optionLines());
        Path file = cl.configFile() == null ? null : Path.of(cl.configFile()).toAbsolutePath().normalize();
        if (file != null) {
            String reason = unreadableReason(file);
            if (reason != null) {
                LOG.warn("Fatal error, can't open config file '{}': {}", file, reason);
                return 1;
            }
        }
        LoadedConfig loaded;
        try {
            // Without a file a sentinel cannot run at all, so argv-only configs stop at the check below.
            loaded = file == null ? null : ConfigLoader.load(file, extra, true);
        } catch (ConfigException e) {
            return configError(e.getMessage());
        }
        // in state-file mode sentinel.conf is only read: the state file must be writable instead
        Path stateFile = loaded == null ? null : loaded.stateFile();
        String notWritable = stateFile != null ? StateFileStore.checkWritable(stateFile)
                : FileConfigStore.checkWritable(file);
        if (notWritable != null) {
            return configError(notWritable);
        }
        if (loaded == null) {
            LOG.warn("Sentinel needs config file on disk to save state. Exiting...");
            return 1;
        }
        StateFileStore states = null;
        if (stateFile != null) {
            try {
                states = StateFileStore.open(loaded.config(), stateFile, file);
            } catch (ConfigException e) {
                return configError(e.getMessage());
            }
        }
        ServerSettings server = loaded.config().server();
        int metricsPort;
        try {
            metricsPort = io.jsentinel.launcher.http.MetricsPort.resolve(server.metricsPort(), cl.optionLines());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        io.jsentinel.launcher.http.HttpApiSettings httpApi;
        try {
            httpApi = io.jsentinel.launcher.http.HttpApiSettings.from(server, metricsPort);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        try {
            // Redis opens these after its chdir into `dir`: a relative name lands in that directory.
            String logfile = server.logfile() == null || server.logfile().isEmpty() ? ""
                    : server.resolve(server.logfile()).toString();
            LogSetup.checkLogfile(logfile);
            LogSetup.apply(server.loglevel(), logfile);
        } catch (IOException e) {
            err.println("Can't open the log file: " + reasonOf(e));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        List<String> supervisedArgs = server.genericArgs("supervised");
        String supervisedSetting = supervisedArgs == null || supervisedArgs.isEmpty() ? "no" : supervisedArgs.get(0);
        // as Redis: a supervised process stays in the foreground whatever daemonize says
        boolean supervisedRequested = Supervision.expected(supervisedSetting, env);
        if (server.daemonize() && !supervisedRequested && !Daemonizer.isChild(env)) {
            try {
                Daemonizer.spawn(Daemonizer.childCommand(ProcessHandle.current().info(),
                        Daemonizer.findSetsid(env.get("PATH"))));
                return 0;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Can't daemonize: {}", e.getMessage());
                return 1;
            }
        }
        long pid = ProcessHandle.current().pid();
        LOG.warn("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        LOG.warn("Redis version={}, bits=64, commit=00000000, modified=0, pid={}, just started",
                Defaults.REDIS_VERSION, pid);
        LOG.warn("Configuration loaded");
        Supervision supervision = Supervision.setUp(supervisedSetting, env,
                NotifySocket.netty(reason -> LOG.warn("systemd supervision error: {}", reason)), Launcher::stopSelf);
        if (states != null) {
            LOG.info("Sentinel state is kept in {}; {} is only read", states.path(), file);
            states.logNotes();
        }
        LOG.info("jsentinel {} on Java {} ({})", jsentinelVersion(), Runtime.version(),
                System.getProperty("java.vm.name"));

        ShutdownSequence shutdown = new ShutdownSequence(exit);
        shutdown.onStopping(supervision::stopping);
        if (!shutdown.install()) {
            LOG.warn("Signal handlers unavailable: SIGTERM will exit with status 143");
        }
        String pidPath = server.pidfile() != null ? server.pidfile() : server.daemonize() ? PidFile.DEFAULT_PATH : null;
        if (pidPath != null) {
            try {
                shutdown.pidFile(PidFile.write(server.resolve(pidPath), pid));
            } catch (IOException e) {
                LOG.warn("Failed to write PID file: {}", reasonOf(e));
            } catch (IllegalArgumentException e) {
                LOG.warn("Failed to write PID file: {}", e.getMessage());
            }
        }
        RunningSentinel sentinel;
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry = metricsPort > 0
                ? new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT) : null;
        try {
            Sentinel.Builder builder = Sentinel.builder()
                    .config(states != null ? states.initialConfig() : loaded.config())
                    .configStore(states != null ? states : new FileConfigStore(file, loaded.document()))
                    .configFile(file)
                    .executable(executable())
                    .processSupervised(supervision.infoValue())
                    .onShutdownRequest(shutdown::onShutdownCommand);
            if (registry != null) {
                builder.meterRegistry(registry);
            }
            sentinel = builder.start();
        } catch (Exception e) {
            BindException bind = bindFailure(e);
            if (bind != null) {
                LOG.warn("Warning: Could not create server TCP listening socket {}:{}: bind: {}",
                        bindLabel(server), server.port(), "Address already in use");
                LOG.warn("Failed listening on port {} (TCP), aborting.", server.port());
            } else {
                LOG.warn("Failed to start the sentinel: {}", e.toString(), e);
            }
            shutdown.abort();
            return 1;
        }
        shutdown.sentinel(sentinel);
        if (registry != null) {
            try {
                io.jsentinel.launcher.http.MetricsHttpServer.start(bindLabel(server), metricsPort, sentinel, registry,
                        httpApi);
                LOG.info("{}", httpApi.describe(bindLabel(server), metricsPort));
                httpApi.startupWarnings(sentinel).forEach(w -> LOG.warn("WARNING: {}.", w));
            } catch (IOException e) {
                LOG.warn("Failed listening on metrics-port {} (HTTP): {}, aborting.", metricsPort, e.getMessage());
                sentinel.close();
                shutdown.abort();
                return 1;
            }
        }
        LOG.info("Running mode=sentinel, port={}.", sentinel.port());
        sentinel.securityWarning().ifPresent(w -> LOG.warn("WARNING: {}.", w));
        supervision.ready();
        awaitForever();
        return -1;
    }

    private int configError(String message) {
        // Redis prints FATAL CONFIG FILE ERROR to stderr; the two sentinel checks go through the log.
        if (message.startsWith("Sentinel ")) {
            LOG.warn(message);
        } else {
            err.println(message);
        }
        return 1;
    }

    /** Redis' usage(), adapted to the sentinel launcher. */
    static String usage() {
        return """
                Usage: redis-sentinel [/path/to/sentinel.conf] [options] [-]
                       redis-sentinel - (read config from stdin)
                       redis-sentinel -v or --version
                       redis-sentinel -h or --help

                Examples:
                       redis-sentinel /etc/redis/sentinel.conf
                       redis-sentinel /etc/redis/sentinel.conf --port 26380
                       redis-sentinel /etc/redis/sentinel.conf --loglevel verbose
                       redis-sentinel /etc/redis/sentinel.conf --sentinel

                jsentinel always runs in sentinel mode; the config file must be writable,
                unless a 'sentinel state-file <path>' line keeps the state elsewhere.
                Environment: JAVA_HOME, JSENTINEL_JAVA_OPTS (see docs/launcher.md).
                """;
    }

    static String jsentinelVersion() {
        String v = Launcher.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private String executable() {
        String fromScript = env.get("JSENTINEL_EXECUTABLE");
        if (fromScript != null && !fromScript.isEmpty()) {
            return fromScript;
        }
        try {
            return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return "redis-sentinel";
        }
    }

    /** The strerror-like reason a file cannot be opened for reading, or null when it can. */
    static String unreadableReason(Path file) {
        try (InputStream s = Files.newInputStream(file)) {
            return null;
        } catch (IOException e) {
            return reasonOf(e);
        }
    }

    static String reasonOf(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /** The bind failure in {@code e}'s causes (NIO's BindException or a native "Address already in use"). */
    static BindException bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                return b;
            }
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return new BindException(t.getMessage());
            }
        }
        return null;
    }

    /** How Redis names the address: {@code *} for the default bind, else the first configured address. */
    static String bindLabel(ServerSettings server) {
        if (server.bind().isEmpty()) {
            return "*";
        }
        String first = server.bind().get(0);
        return first.startsWith("-") ? first.substring(1) : first;
    }

    /** Upstart's readiness signal: this process stops itself, as Redis' raise(SIGSTOP). */
    private static void stopSelf() {
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid())).inheritIO().start()
                    .waitFor();
        } catch (IOException e) {
            LOG.warn("upstart supervision: cannot stop to signal readiness: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
