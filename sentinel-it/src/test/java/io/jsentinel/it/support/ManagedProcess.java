package io.jsentinel.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process listening on one 127.0.0.1 port, with its own directory and log file. All signals go to
 * the PID of the process this object started; nothing is ever looked up by name.
 */
public abstract class ManagedProcess implements AutoCloseable {
    protected final String name;
    protected final Path dir;
    protected final Path log;
    protected final int port;
    private Process process;
    private boolean paused;
    private int starts;

    protected ManagedProcess(String name, int port) {
        this.name = name;
        this.port = port;
        this.dir = WorkDirs.create(name + "-" + port);
        this.log = dir.resolve("process.log");
        ProcessRegistry.register(this);
    }

    /** The command line; called on every (re)start. */
    protected abstract List<String> command();

    /** The password clients need to PING, or null. */
    protected String pingPassword() {
        return null;
    }

    /** How long start-up may take. */
    protected Duration startTimeout() {
        return Duration.ofSeconds(10);
    }

    /** Starts the process and waits until it answers PING. */
    protected synchronized void launch() {
        if (isAlive()) {
            throw new IllegalStateException(this + " is already running");
        }
        try {
            starts++;
            Files.writeString(log, "==== start #" + starts + ": " + String.join(" ", command()) + System.lineSeparator(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            paused = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        System.out.printf("[it] started %s pid=%d dir=%s%n", this, process.pid(), dir);
        awaitPing(startTimeout());
    }

    /** Polls PING until it answers (any reply but a connection failure), or fails with the log tail. */
    protected void awaitPing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " exited with status " + process.exitValue()
                        + " during start-up; log " + log + ":\n" + logTail(30));
            }
            try (RawResp c = RawResp.connect(port, Duration.ofSeconds(1))) {
                if (pingPassword() != null) {
                    c.call("AUTH", pingPassword());
                }
                Resp r = c.call("PING");
                if (!r.isError() || !r.text().startsWith("LOADING")) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(50);
        }
        throw new IllegalStateException(this + " did not answer PING within " + timeout + "; log " + log + ":\n"
                + logTail(30), last);
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return log;
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(this + " was never started");
        }
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, and wait for the process to be gone. */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (paused) {
            // a stopped process still dies on SIGKILL; SIGCONT is not needed, but keep the flag honest
            paused = false;
        }
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM and wait up to 10 s, then SIGKILL. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(10))) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    /** Stops (SIGTERM) if running, then starts again on the same port and directory. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Waits for an exit (e.g. after SHUTDOWN or a config error); returns the exit status or -1. */
    public int awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The last {@code lines} lines of the process log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The whole process log. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signal(String sig) {
        long pid = pid();
        try {
            Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
            if (k.waitFor() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + "@127.0.0.1:" + port;
    }
}
