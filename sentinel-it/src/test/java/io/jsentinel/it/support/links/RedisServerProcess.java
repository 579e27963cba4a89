package io.jsentinel.it.support.links;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free 127.0.0.1 port, with its config in a temp directory.
 * Stopped (and signalled) only by its own PID.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private RedisServerProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a server with the given extra config lines and waits until it accepts commands. */
    public static RedisServerProcess start(List<String> extraConfig) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jsentinel-redis-");
        int port = freePort();
        List<String> conf = new ArrayList<>(List.of(
                "port " + port,
                "bind 127.0.0.1",
                "daemonize no",
                "save \"\"",
                "appendonly no",
                "dir " + dir,
                "logfile " + dir.resolve("redis.log")));
        conf.addAll(extraConfig);
        Path confFile = dir.resolve("redis.conf");
        Files.write(confFile, conf);
        Process p = new ProcessBuilder("redis-server", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        RedisServerProcess server = new RedisServerProcess(dir, port, p);
        server.awaitListening(Duration.ofSeconds(10));
        return server;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then wait for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                resume();
            } catch (IOException e) {
                // already gone
            }
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(dir.resolve("stdout.log"))
                        + readLogQuietly());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                int first = in.read();
                if (first == '+' || first == '-') {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(20);
        }
        throw new IOException("redis-server did not start on port " + port + readLogQuietly());
    }

    private String readLogQuietly() {
        try {
            return "\n" + Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
