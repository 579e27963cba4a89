package io.jsentinel.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code redis-sentinel --cds-training}: a short run of a real sentinel (its own config in a temporary
 * directory, 127.0.0.1 only) that loads the classes of start-up, the links, the failover path and the common
 * commands, then stops. The launcher script runs it once per jar with {@code -XX:ArchiveClassesAtExit}, so that
 * later start-ups map those classes from the archive instead of loading them from the jar.
 */
final class CdsTraining {
    /** Long enough for the start-up rehearsal (0.5 s after start) and the first tick's links. */
    static final long RUN_MILLIS = 2000;

    private CdsTraining() {
    }

    /** Returns 0 when the sentinel ran and stopped, else 1 (with a message on {@code err}). */
    static int run(PrintStream err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jsentinel-cds-training");
            int port = freePort();
            // a master nobody listens on: the links are tried and fail, as at any start before Redis is up
            String conf = "port " + port + "\nbind 127.0.0.1\nlogfile \"\"\nloglevel warning\n"
                    + "sentinel monitor training 127.0.0.1 " + freePort() + " 2\n";
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
            while (!exchange(port, "PING").startsWith("+PONG")) {
                if (System.nanoTime() > deadline || stopped.getCount() == 0) {
                    err.println("cds-training: no PONG on port " + port);
                    return 1;
                }
                Thread.sleep(20);
            }
            exchange(port, "SENTINEL MASTERS");
            exchange(port, "SENTINEL GET-MASTER-ADDR-BY-NAME training");
            exchange(port, "INFO");
            Thread.sleep(RUN_MILLIS);
            exchange(port, "SHUTDOWN NOSAVE");
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

    /** One inline command on a fresh connection; the first bytes of the reply, or "" when it fails. */
    private static String exchange(int port, String command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(5000);
            s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[256];
            int n = s.getInputStream().read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
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
