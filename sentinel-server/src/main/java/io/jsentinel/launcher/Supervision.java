package io.jsentinel.launcher;

import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code supervised upstart|systemd|auto|no} as redis-server 7.0 does it: {@code auto} picks upstart when
 * {@code UPSTART_JOB} is set, else systemd when {@code NOTIFY_SOCKET} is; systemd supervision holds only if the first
 * message ({@code STATUS=Redis is loading...}) could be sent; then the sentinel says {@code STATUS=Ready to accept
 * connections} and {@code READY=1} once it listens, and {@code STOPPING=1} when it shuts down. Upstart supervision
 * stops the process (SIGSTOP) to say it started, as Redis does. The outcome is INFO's {@code process_supervised}, and a
 * supervised process does not daemonize.
 */
final class Supervision {
    private static final Logger LOG = LoggerFactory.getLogger("io.jsentinel.launcher");

    enum Mode { NO, UPSTART, SYSTEMD }

    private final Mode mode;
    private final String notifySocket;
    private final NotifySocket.Sender sender;

    private Supervision(Mode mode, String notifySocket, NotifySocket.Sender sender) {
        this.mode = mode;
        this.notifySocket = notifySocket;
        this.sender = sender;
    }

    /** No supervision: nothing is ever sent. */
    static Supervision none() {
        return new Supervision(Mode.NO, null, (s, m) -> 0);
    }

    /** The mode a {@code supervised} setting would take in this environment, before anything is sent. */
    static Mode requested(String setting, Map<String, String> env) {
        String s = setting == null ? "no" : setting.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "upstart" -> Mode.UPSTART;
            case "systemd" -> Mode.SYSTEMD;
            case "auto" -> present(env, "UPSTART_JOB") ? Mode.UPSTART
                    : present(env, "NOTIFY_SOCKET") ? Mode.SYSTEMD : Mode.NO;
            default -> Mode.NO;
        };
    }

    /** Whether supervision would hold here (its variable is set), so that the process must not daemonize. */
    static boolean expected(String setting, Map<String, String> env) {
        return switch (requested(setting, env)) {
            case UPSTART -> present(env, "UPSTART_JOB");
            case SYSTEMD -> present(env, "NOTIFY_SOCKET");
            default -> false;
        };
    }

    /**
     * Sets up the supervision {@code setting} asks for, with Redis' log lines; the result says whether it holds.
     *
     * @param stopSelf what upstart's "stop to signal readiness" does (SIGSTOP to this process)
     */
    static Supervision setUp(String setting, Map<String, String> env, NotifySocket.Sender sender, Runnable stopSelf) {
        Mode mode = requested(setting, env);
        if ("auto".equalsIgnoreCase(setting) && mode == Mode.UPSTART) {
            LOG.debug("Upstart supervision detected.");
        } else if ("auto".equalsIgnoreCase(setting) && mode == Mode.SYSTEMD) {
            LOG.debug("Systemd supervision detected.");
        }
        switch (mode) {
            case UPSTART -> {
                if (!present(env, "UPSTART_JOB")) {
                    LOG.warn("upstart supervision requested, but UPSTART_JOB not found!");
                    return none();
                }
                LOG.info("supervised by upstart, will stop to signal readiness.");
                stopSelf.run();
                return new Supervision(Mode.UPSTART, null, sender);
            }
            case SYSTEMD -> {
                Supervision s = new Supervision(Mode.SYSTEMD, env.get("NOTIFY_SOCKET"), sender);
                if (s.notify("STATUS=Redis is loading...\n") <= 0) {
                    return none();
                }
                LOG.info("Supervised by systemd. Please make sure you set appropriate values for TimeoutStartSec and "
                        + "TimeoutStopSec in your service unit.");
                return s;
            }
            default -> {
                return none();
            }
        }
    }

    Mode mode() {
        return mode;
    }

    /** INFO's {@code process_supervised}. */
    String infoValue() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** The sentinel listens and runs. */
    void ready() {
        if (mode == Mode.SYSTEMD) {
            notify("STATUS=Ready to accept connections\n");
            notify("READY=1\n");
        }
    }

    /** The shutdown has begun. */
    void stopping() {
        if (mode == Mode.SYSTEMD) {
            notify("STOPPING=1\n");
        }
    }

    private int notify(String message) {
        int ret = sender.send(notifySocket, message);
        if (ret == 0) {
            LOG.warn("systemd supervision error: NOTIFY_SOCKET not found!");
        } else if (ret < 0) {
            LOG.warn("systemd supervision error: sd_notify: {}", ret);
        }
        return ret;
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null;
    }
}
