package io.jsentinel.launcher;

import io.jsentinel.runtime.Rehearsal;
import io.jsentinel.launcher.demo.MiniRedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code redis-sentinel --cds-training}: a short run of a real sentinel (its own config in a temporary
 * directory, 127.0.0.1 only) that loads the classes of start-up, the links, the common commands and, through
 * a {@link Rehearsal} on a throwaway core, the failover path, then stops. The build (sentinel-server's
 * {@code package} phase) runs it through the launcher script under {@code -XX:ArchiveClassesAtExit}, so that
 * start-ups map those classes from the archive instead of loading them from the jar.
 */
final class CdsTraining {
    /** Long enough for the first ticks' links. */
    static final long RUN_MILLIS = 1500;
    /** Rehearsed failovers: enough to load (and resolve the call sites of) every class of the path. */
    static final int REHEARSALS = 3;

    private CdsTraining() {
    }

    /** Returns 0 when the sentinel ran and stopped, else 1 (with a message on {@code err}). */
    static int run(PrintStream err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jsentinel-cds-training");
            int port = MiniRedis.freePort();
            // a master nobody listens on: the links are tried and fail, as at any start before Redis is up
            String conf = "port " + port + "\nbind 127.0.0.1\nlogfile \"\"\nloglevel warning\n"
                    + "sentinel monitor training 127.0.0.1 " + MiniRedis.freePort() + " 2\n";
            Path file = dir.resolve("sentinel.conf");
            Files.writeString(file, conf, StandardCharsets.UTF_8);
            CountDownLatch stopped = new CountDownLatch(1);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            // the launcher's thread waits for SHUTDOWN (or returns at once with a status when it cannot start)
            Thread sentinel = new Thread(() -> {
                new Launcher(InputStream.nullInputStream(), quiet, quiet, Map.of(), code -> stopped.countDown())
                        .run(CommandLine.parse(List.of(file.toString())));
                stopped.countDown();
            }, "cds-training");
            sentinel.setDaemon(true);
            sentinel.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!MiniRedis.pings(port)) {
                if (System.nanoTime() > deadline || stopped.getCount() == 0) {
                    err.println("cds-training: no PONG on port " + port);
                    return 1;
                }
                Thread.sleep(20);
            }
            MiniRedis.call(port, "SENTINEL", "MASTERS");
            MiniRedis.call(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "training");
            MiniRedis.call(port, "INFO");
            Rehearsal.run(REHEARSALS);
            Thread.sleep(RUN_MILLIS);
            try {
                MiniRedis.call(port, "SHUTDOWN", "NOSAVE");
            } catch (IOException e) {
                // the sentinel may close the connection before any reply
            }
            stopped.await(10, TimeUnit.SECONDS);
            return 0;
        } catch (IOException e) {
            err.println("cds-training: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; nothing else to do
        }
    }
}
