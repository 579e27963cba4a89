package io.jsentinel.launcher.demo;

import io.jsentinel.events.Address;
import io.jsentinel.MasterSpec;
import io.jsentinel.RunningSentinel;
import io.jsentinel.Sentinel;
import io.jsentinel.events.SentinelEvent;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code redis-sentinel --demo}: starts one master and two replicas (redis-server from PATH, on free ports of
 * 127.0.0.1, in a temporary directory) and three sentinels in this process through the embedding API,
 * prints the events as they happen, SIGKILLs the master, prints the failover timeline, then stops
 * everything it started (by PID) and deletes its directory.
 */
public final class Demo {
    static final String MASTER = "demo";
    private static final Duration DOWN_AFTER = Duration.ofMillis(1000);

    private final PrintStream out;
    private final PrintStream err;
    private final String redisServer;
    private final List<Process> redis = new CopyOnWriteArrayList<>();
    private final List<RunningSentinel> sentinels = new CopyOnWriteArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<Integer, Boolean> switched = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private volatile long killNanos;
    private volatile boolean stopPrinting;
    private Path dir;

    /** An event one sentinel saw, and when. */
    record Seen(int sentinel, SentinelEvent event, long nanos) {
    }

    private Demo(PrintStream out, PrintStream err, String redisServer) {
        this.out = out;
        this.err = err;
        this.redisServer = redisServer;
    }

    /**
     * Runs the demo; returns the exit status (0 done, 1 failed or redis-server missing).
     *
     * @param env the environment: {@code PATH} to find redis-server, or {@code JSENTINEL_REDIS_SERVER}
     */
    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (!args.isEmpty()) {
            err.println("--demo takes no arguments");
            return 1;
        }
        String server = findRedisServer(env);
        if (server == null) {
            err.println("""
                    The demo needs redis-server (Redis 6.2 or later), which was not found on PATH.
                    Install it, for example:
                      Debian/Ubuntu:  sudo apt-get install redis-server
                      Fedora/RHEL:    sudo dnf install redis
                      macOS:          brew install redis
                    or set JSENTINEL_REDIS_SERVER to the redis-server binary, then run again:
                      bin/redis-sentinel --demo""");
            return 1;
        }
        quietLogs();
        Demo demo = new Demo(out, err, server);
        Thread hook = new Thread(demo::cleanUp, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return demo.play();
        } catch (Exception e) {
            err.println("Demo failed: " + e);
            return 1;
        } finally {
            demo.cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /** The redis-server the demo would use, or null. */
    public static String findRedisServer(Map<String, String> env) {
        String explicit = env.get("JSENTINEL_REDIS_SERVER");
        if (explicit != null && !explicit.isEmpty()) {
            return Files.isExecutable(Path.of(explicit)) ? explicit : null;
        }
        String path = env.getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "redis-server"))) {
                return Path.of(d, "redis-server").toString();
            }
        }
        return null;
    }

    private int play() throws Exception {
        dir = Files.createTempDirectory("jsentinel-demo-");
        int masterPort = MiniRedis.freePort();
        int r1 = MiniRedis.freePort();
        int r2 = MiniRedis.freePort();
        say("Starting redis-server master on 127.0.0.1:%d and replicas on %d and %d (in %s)", masterPort, r1, r2, dir);
        Process master = startRedis(masterPort, null);
        startRedis(r1, masterPort);
        startRedis(r2, masterPort);
        if (!await(Duration.ofSeconds(10), () -> MiniRedis.pings(masterPort) && MiniRedis.pings(r1)
                && MiniRedis.pings(r2))) {
            err.println("redis-server did not start; see the logs in " + dir);
            return 1;
        }
        MiniRedis.call(masterPort, "SET", "greeting", "hello from the old master");
        if (!await(Duration.ofSeconds(10), () -> linkUp(r1) && linkUp(r2))) {
            err.println("The replicas did not sync with the master; see the logs in " + dir);
            return 1;
        }
        say("Starting 3 sentinels in this JVM (quorum 2, down-after-milliseconds %d)", DOWN_AFTER.toMillis());
        MasterSpec spec = MasterSpec.of(MASTER, "127.0.0.1", masterPort, 2).withDownAfter(DOWN_AFTER)
                .withFailoverTimeout(Duration.ofSeconds(10));
        for (int i = 1; i <= 3; i++) {
            int n = i;
            RunningSentinel s = Sentinel.builder().port(0).bind("127.0.0.1").monitor(spec)
                    .listener(e -> onEvent(n, e)).start();
            sentinels.add(s);
            say("sentinel-%d listens on 127.0.0.1:%d", n, s.port());
        }
        boolean discovered = await(Duration.ofSeconds(15), () -> sentinels.stream().allMatch(s ->
                s.snapshot().master(MASTER).map(m -> m.replicas().size() == 2 && m.peers().size() == 2).orElse(false)));
        if (!discovered) {
            err.println("The sentinels did not discover each other and the replicas in time");
            return 1;
        }
        say("Every sentinel knows 2 replicas and 2 peers.");
        Thread.sleep(1000);
        long pid = master.pid();
        say("Killing the master (pid %d) with SIGKILL ...", pid);
        killNanos = System.nanoTime();
        master.destroyForcibly();
        boolean done = await(Duration.ofSeconds(30), () -> switched.size() == 3);
        // The leader's last +slave events follow its +switch-master closely.
        Thread.sleep(500);
        stopPrinting = true;
        printTimeline();
        if (!done) {
            err.println("The failover did not complete on every sentinel within 30 s");
            return 1;
        }
        Address now = sentinels.get(0).masterAddress(MASTER).orElseThrow();
        say("The master is now %s; GET greeting there -> %s", now, MiniRedis.call(now.port(), "GET", "greeting"));
        say("Stopping everything the demo started.");
        return 0;
    }

    private void onEvent(int sentinel, SentinelEvent e) {
        if (!e.info().published() || stopPrinting) {
            return;
        }
        long now = System.nanoTime();
        seen.add(new Seen(sentinel, e, now));
        if (e instanceof SentinelEvent.SwitchMaster) {
            switched.put(sentinel, true);
        }
        long k = killNanos;
        String when = k == 0 ? String.format("t=%6d ms", ms(now - startNanos))
                : String.format("kill+%5d ms", ms(now - k));
        synchronized (out) {
            out.printf("  [%s] sentinel-%d %s %s%n", when, sentinel, e.type(), e.message());
            out.flush();
        }
    }

    private void printTimeline() {
        long k = killNanos;
        List<Seen> after = seen.stream().filter(s -> s.nanos() >= k).sorted(Comparator.comparingLong(Seen::nanos))
                .toList();
        int leader = after.stream().filter(s -> s.event() instanceof SentinelEvent.ElectedLeader
                || s.event() instanceof SentinelEvent.FailoverEnd).map(Seen::sentinel).findFirst().orElse(0);
        out.println();
        out.println("Failover timeline (milliseconds since the SIGKILL):");
        List<Integer> order = new ArrayList<>(List.of(1, 2, 3));
        order.sort(Comparator.comparing(i -> i != leader));
        for (int s : order) {
            out.printf("  sentinel-%d (%s)%n", s, s == leader ? "leader" : "observer");
            for (Seen e : after) {
                if (e.sentinel() == s) {
                    out.printf("    %6d  %s %s%n", ms(e.nanos() - k), e.event().type(), e.event().message());
                }
            }
        }
        after.stream().filter(s -> s.event() instanceof SentinelEvent.SwitchMaster).findFirst().ifPresent(s -> {
            SentinelEvent.SwitchMaster sm = (SentinelEvent.SwitchMaster) s.event();
            out.printf("%nFirst +switch-master after %d ms: %s -> %s%n", ms(s.nanos() - k), sm.oldAddress(),
                    sm.newAddress());
        });
        out.println();
        out.flush();
    }

    private Process startRedis(int port, Integer masterPort) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(redisServer, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                "--logfile", dir.resolve("redis-" + port + ".log").toString(), "--repl-diskless-sync-delay", "0"));
        if (masterPort != null) {
            cmd.addAll(List.of("--replicaof", "127.0.0.1", masterPort.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".out").toFile()).start();
        redis.add(p);
        return p;
    }

    private static boolean linkUp(int port) {
        try {
            String info = MiniRedis.call(port, "INFO", "replication");
            return info != null && info.contains("master_link_status:up");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the sentinels, then each redis-server by PID (SIGTERM, then SIGKILL), and deletes the directory. */
    private synchronized void cleanUp() {
        for (RunningSentinel s : sentinels) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // keep cleaning
            }
        }
        sentinels.clear();
        for (Process p : redis) {
            p.destroy();
        }
        for (Process p : redis) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        redis.clear();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
            dir = null;
        }
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.printf("%s%n", String.format(format, args));
            out.flush();
        }
    }

    private static boolean await(Duration max, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The sentinels' own log lines would interleave with the demo's output: the events are shown instead. */
    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            for (ch.qos.logback.classic.Logger l : ctx.getLoggerList()) {
                l.setLevel(l.getName().equals(org.slf4j.Logger.ROOT_LOGGER_NAME) ? ch.qos.logback.classic.Level.OFF : null);
            }
        }
    }
}
