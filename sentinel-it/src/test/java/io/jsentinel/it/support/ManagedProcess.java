package io.jsentinel.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one launcher of the tests' child processes: redis-server, sentinels of both kinds (on 127.0.0.1 or inside
 * a {@link NetLab} namespace), the namespace relays and the benchmarks' sentinels. It builds the command, starts
 * it in the process's own directory with all output appended to one log file, registers it with
 * {@link ProcessRegistry} (a dying test JVM kills it, a failed test prints its log), waits until it is ready, and
 * signals only the PID it started: nothing is ever looked up by name.
 */
public abstract class ManagedProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    protected final String name;
    protected final Path dir;
    protected final Path log;
    /** The 127.0.0.1 port it is reached on, or 0 for a process that serves none (it overrides {@link #ready()}). */
    protected final int port;
    private Process process;
    private boolean paused;
    private int starts;
    private long spawnedAtNanos;
    private Duration lastStartup;
    /** Why the last readiness check said no, for the failure message. */
    private volatile RuntimeException notReadyBecause;

    /** A process reached on {@code port}, in a new directory named after both. */
    protected ManagedProcess(String name, int port) {
        this(name, port, WorkDirs.create(name + "-" + port));
    }

    /** A process reached by no TCP port of its own. */
    protected ManagedProcess(String name) {
        this(name, 0, WorkDirs.create(name));
    }

    private ManagedProcess(String name, int port, Path dir) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.log = dir.resolve("process.log");
        ProcessRegistry.register(this);
    }

    /** The command line; asked on every (re)start. */
    protected abstract List<String> command();

    /** The password clients AUTH with before any command (readiness PING included), or null. */
    protected String authPassword() {
        return null;
    }

    /** How long start-up may take. */
    protected Duration startTimeout() {
        return Duration.ofSeconds(10);
    }

    /** How often start-up checks {@link #ready()}. */
    protected Duration readinessPollInterval() {
        return Duration.ofMillis(50);
    }

    /**
     * Whether the started process serves yet. By default: it answers PING on its port with anything but a
     * connection failure or {@code -LOADING}.
     */
    protected boolean ready() {
        try (RawResp c = RawResp.connect(port, Duration.ofSeconds(1))) {
            if (authPassword() != null) {
                c.call("AUTH", authPassword());
            }
            Resp r = c.call("PING");
            return !r.isError() || !r.text().startsWith("LOADING");
        } catch (RuntimeException e) {
            notReadyBecause = e;
            return false;
        }
    }

    /** Runs once the process is ready, on every (re)start; e.g. subscribes to what it publishes. */
    protected void afterStart() {
    }

    /** Runs after every stop or kill, whether or not the process was running. */
    protected void afterStop() {
    }

    /** Starts the process and waits until it is {@link #ready()}; fails with the log tail otherwise. */
    protected synchronized void launch() {
        requireNotRunning();
        starts++;
        Process started = spawn("start #" + starts);
        System.out.printf("[it] started %s pid=%d dir=%s%n", this, started.pid(), dir);
        awaitReady(started, startTimeout());
        lastStartup = Duration.ofNanos(System.nanoTime() - spawnedAtNanos);
        afterStart();
    }

    /**
     * Starts the process for a run that must end by itself (e.g. a configuration it has to refuse) and waits
     * for it to exit; returns the exit status, or -1 if it still runs after {@code timeout} (it is then killed).
     */
    public int startExpectingExit(Duration timeout) {
        synchronized (this) {
            requireNotRunning();
            starts++;
            spawn("start #" + starts + " (expecting exit)");
        }
        int status = awaitExit(timeout);
        if (status == -1) {
            kill();
        }
        return status;
    }

    private void requireNotRunning() {
        if (isAlive()) {
            throw new IllegalStateException(this + " is already running");
        }
    }

    /** Starts {@link #command()} after a header line in the log; output goes to the log. */
    private Process spawn(String attempt) {
        List<String> cmd = command();
        try {
            Files.writeString(log, "==== " + attempt + ": " + String.join(" ", cmd) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            spawnedAtNanos = System.nanoTime();
            process = builder.start();
            paused = false;
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void awaitReady(Process started, Duration timeout) {
        notReadyBecause = null;
        try {
            // in this thread: the caller holds this object's lock, which the checks may need
            await(this + " ready").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(readinessPollInterval())
                    .pollInSameThread().until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException(this + " exited with status " + started.exitValue()
                                    + " during start-up; log " + log + ":\n" + logTail(30));
                        }
                        return ready();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(this + " was not ready within " + timeout + "; log " + log + ":\n"
                    + logTail(30), notReadyBecause);
        }
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

    /** From spawning the process (command line already built) to its being ready, at the last {@link #launch()}. */
    public synchronized Duration lastStartup() {
        return lastStartup;
    }

    /** A new connection to {@link #port()}, authenticated when the process has a password; close it. */
    public RawResp connect() {
        RawResp c = RawResp.connect(port);
        String password = authPassword();
        if (password != null) {
            Resp r = c.call("AUTH", password);
            if (r.isError()) {
                c.close();
                throw new IllegalStateException("AUTH failed on " + this + ": " + r);
            }
        }
        return c;
    }

    /** Runs one command on a fresh connection. */
    public Resp call(String... args) {
        try (RawResp c = connect()) {
            return c.call(args);
        }
    }

    /** SIGKILL, and wait for the process to be gone. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            // a stopped process dies on SIGKILL as well: no SIGCONT needed
            paused = false;
            process.destroyForcibly();
            waitFor(STOP_GRACE);
        }
        afterStop();
    }

    /** SIGTERM (after SIGCONT if paused) and wait up to 10 s, then SIGKILL. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            if (paused) {
                resume();
            }
            process.destroy();
            if (!waitFor(STOP_GRACE)) {
                process.destroyForcibly();
                waitFor(STOP_GRACE);
            }
        }
        afterStop();
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

    /** Stops (SIGTERM) if running, then starts again with the same port and directory. */
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

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return port == 0 ? name : name + "@127.0.0.1:" + port;
    }
}
