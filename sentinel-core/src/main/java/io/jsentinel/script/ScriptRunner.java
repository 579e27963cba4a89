package io.jsentinel.script;

import io.jsentinel.config.ServerSettings;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Notification and client-reconfig scripts (protocol doc §10): a FIFO of at most 256 jobs, at most 16
 * running, retries with exponential delay, a runtime limit. Scripts are executed directly with their
 * arguments as an array, never through a shell. Driven by the tick, like Redis.
 */
public final class ScriptRunner {
    public static final int MAX_QUEUE = 256;
    static final int MAX_RUNNING = 16;
    static final int MAX_RETRY = 10;

    /** One queued or running script, as SENTINEL PENDING-SCRIPTS shows it. */
    public static final class Job {
        final List<String> argv;
        int retryNum;
        boolean running;
        long startTime;
        Process process;

        Job(List<String> argv) {
            this.argv = List.copyOf(argv);
        }

        public List<String> argv() {
            return argv;
        }

        public int retryNum() {
            return retryNum;
        }

        public boolean running() {
            return running;
        }

        /** When it started (running) or may start (scheduled); 0 when due at once. */
        public long startTime() {
            return startTime;
        }

        /** The process id while running, else 0. */
        public long pid() {
            return running && process != null ? process.pid() : 0;
        }
    }

    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    final List<Job> queue = new ArrayList<>();
    int running;

    public ScriptRunner(SentinelState state, LoopClock clock, Events events) {
        this.state = state;
        this.clock = clock;
        this.events = events;
    }

    /** The queued and running jobs, oldest first. */
    public List<Job> jobs() {
        return Collections.unmodifiableList(queue);
    }

    public int runningCount() {
        return running;
    }

    /** Warning-level events about an instance run the master's notification script (protocol doc §10). */
    public void runNotificationScript(Instance ri, SentinelEvent event) {
        Instance master = ri.owner();
        if (event.level() == EventLevel.WARNING && master.notificationScript != null) {
            schedule(master.notificationScript, List.of(event.type(), event.message()));
        }
    }

    public void schedule(String path, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(path);
        argv.addAll(args);
        queue.add(new Job(argv));
        if (queue.size() > MAX_QUEUE) {
            // Drop the oldest job that is not running.
            for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
                if (!it.next().running) {
                    it.remove();
                    break;
                }
            }
        }
    }

    /** One pass per tick: start due jobs, reap finished ones, kill the ones over time. */
    public void tick() {
        runPending();
        collectTerminated();
        killTimedOut();
    }

    private void runPending() {
        long now = clock.now();
        for (Job job : queue) {
            if (running >= MAX_RUNNING) {
                return;
            }
            if (job.running || job.startTime > now) {
                continue;
            }
            job.retryNum++;
            try {
                // Redis runs the script from its working directory, the configured dir.
                List<String> command = new ArrayList<>(job.argv);
                command.set(0, ServerSettings.resolveIn(state.workingDir, command.get(0)).toString());
                ProcessBuilder pb = new ProcessBuilder(command);
                if (state.workingDir != null) {
                    pb.directory(new File(state.workingDir));
                }
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
                job.process = pb.start();
                job.running = true;
                job.startTime = now;
                running++;
                events.global(EventLevel.DEBUG, null,
                        info -> SentinelEvent.ScriptChild.started(info, job.process.pid()));
            } catch (IOException | RuntimeException e) {
                // Redis' child exits with 2 when exec fails: an error without retry.
                events.global(EventLevel.WARNING, null,
                        info -> new SentinelEvent.ScriptError(info, job.argv.get(0), 0, 2));
                job.startTime = Long.MAX_VALUE;
                job.running = false;
                job.process = null;
                job.retryNum = MAX_RETRY;
            }
        }
        queue.removeIf(j -> !j.running && j.startTime == Long.MAX_VALUE);
    }

    private void collectTerminated() {
        for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (!job.running || job.process.isAlive()) {
                continue;
            }
            int code = job.process.exitValue();
            // The JVM reports death by signal N as 128 + N.
            int signal = code > 128 ? code - 128 : 0;
            int exit = signal != 0 ? 0 : code;
            events.global(EventLevel.DEBUG, null,
                    info -> SentinelEvent.ScriptChild.exited(info, job.process.pid(), exit, signal));
            running--;
            job.running = false;
            job.process = null;
            if ((exit == 1 || signal != 0) && job.retryNum < MAX_RETRY) {
                job.startTime = clock.now() + state.timers.scriptRetryDelay * (1L << (job.retryNum - 1));
            } else {
                if (exit != 0 || signal != 0) {
                    events.global(EventLevel.WARNING, null,
                            info -> new SentinelEvent.ScriptError(info, job.argv.get(0), signal, exit));
                }
                it.remove();
            }
        }
    }

    private void killTimedOut() {
        long now = clock.now();
        for (Job job : queue) {
            if (job.running && now - job.startTime > state.timers.scriptMaxRuntime) {
                events.global(EventLevel.WARNING, null,
                        info -> new SentinelEvent.ScriptTimeout(info, job.argv.get(0), job.process.pid()));
                job.process.destroyForcibly();
            }
        }
    }

    /** Stops everything still running (shutdown). */
    public void killAll() {
        for (Job job : queue) {
            if (job.running && job.process != null) {
                job.process.destroyForcibly();
            }
        }
    }
}
