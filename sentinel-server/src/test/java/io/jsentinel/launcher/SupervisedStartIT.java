package io.jsentinel.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher under a stand-in for systemd: {@code NOTIFY_SOCKET} names a real datagram socket of the test.
 * With {@code --supervised systemd} it says {@code READY=1} once it answers PING (and prints how long after its first
 * PONG; the goal is under 2 s, measured, not asserted), {@code STOPPING=1} on SIGTERM; with {@code --supervised no}
 * it says nothing.
 */
class SupervisedStartIT {
    private static final Path SCRIPT = Path.of("bin", "redis-sentinel").toAbsolutePath();

    @TempDir
    Path dir;

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(Path.of("target", "redis-sentinel.jar")).exists();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One command over a fresh connection; the reply's text, or null when nothing listens yet. */
    static String command(int port, String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16384];
            StringBuilder sb = new StringBuilder();
            int n = in.read(buf);
            if (n > 0) {
                sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            // a bulk reply may come in several reads
            while (sb.length() > 0 && sb.charAt(0) == '$' && !sb.toString().endsWith("\r\n\r\n") && n > 0
                    && in.available() > 0) {
                n = in.read(buf);
                sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return sb.toString();
        } catch (IOException e) {
            return null;
        }
    }

    Process start(String supervised, String notifySocket, int port) throws IOException {
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 "
                + (port + 1) + " 2\n");
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), conf.toString(), "--supervised", supervised,
                "--daemonize", "no"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("JSENTINEL_JAR");
        pb.environment().put("JSENTINEL_CDS_ARCHIVE", "");
        pb.environment().put("NOTIFY_SOCKET", notifySocket);
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    /** Polls PING every 10 ms until it answers; returns System.nanoTime() of the first PONG. */
    static long firstPong(int port, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            String r = command(port, "PING");
            if (r != null && r.startsWith("+PONG")) {
                return System.nanoTime();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no PONG on port " + port);
    }

    @Test
    void systemdHearsReadyOnceItAnswersAndStoppingOnSigterm() throws Exception {
        int port = freePort();
        String socket = dir.resolve("notify").toString();
        try (NotifyReceiver r = new NotifyReceiver(socket)) {
            Process p = start("systemd", socket, port);
            try {
                assertThat(r.next(60_000)).extracting(NotifyReceiver.Message::text)
                        .isEqualTo("STATUS=Redis is loading...\n");
                NotifyReceiver.Message status = r.next(60_000);
                NotifyReceiver.Message ready = r.next(5_000);
                assertThat(status).extracting(NotifyReceiver.Message::text)
                        .isEqualTo("STATUS=Ready to accept connections\n");
                assertThat(ready).extracting(NotifyReceiver.Message::text).isEqualTo("READY=1\n");
                // listening before READY=1: the first attempt right after it is answered
                assertThat(command(port, "PING")).startsWith("+PONG");
                long pong = firstPong(port, p);
                System.out.printf("[supervised] READY=1 %d ms before this test's first PONG after it%n",
                        TimeUnit.NANOSECONDS.toMillis(pong - ready.nanoTime()));
                assertThat(command(port, "INFO server")).contains("process_supervised:systemd");
                p.destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
                assertThat(r.next(5_000)).extracting(NotifyReceiver.Message::text).isEqualTo("STOPPING=1\n");
            } finally {
                p.destroyForcibly();
            }
        }
        assertThat(Files.readString(dir.resolve("out"))).contains("Supervised by systemd.");
    }

    @Test
    void readyComesWithinTheFirstPongsOfAPollingClient() throws Exception {
        int port = freePort();
        String socket = dir.resolve("notify").toString();
        try (NotifyReceiver r = new NotifyReceiver(socket)) {
            Process p = start("systemd", socket, port);
            try {
                long pong = firstPong(port, p);
                NotifyReceiver.Message ready = null;
                for (NotifyReceiver.Message m = r.next(10_000); m != null; m = r.next(10_000)) {
                    if (m.text().equals("READY=1\n")) {
                        ready = m;
                        break;
                    }
                }
                assertThat(ready).as("READY=1").isNotNull();
                // measured, not asserted: issue 21 asks for READY=1 within 2 s of the first PONG
                System.out.printf("[supervised] READY=1 %d ms after the first PONG (a client polling every 10 ms)%n",
                        TimeUnit.NANOSECONDS.toMillis(ready.nanoTime() - pong));
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    @Test
    void supervisedNoSendsNothing() throws Exception {
        int port = freePort();
        String socket = dir.resolve("notify").toString();
        try (NotifyReceiver r = new NotifyReceiver(socket)) {
            Process p = start("no", socket, port);
            try {
                firstPong(port, p);
                assertThat(command(port, "INFO server")).contains("process_supervised:no");
                p.destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(r.next(1_000)).isNull();
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
