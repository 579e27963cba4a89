package io.jsentinel.launcher;

import io.jsentinel.RunningSentinel;
import io.jsentinel.launcher.logging.RedisLogLayout;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out, run once whatever triggers it: SIGTERM/SIGINT, the SHUTDOWN command, or any other JVM
 * exit (shutdown hook). It logs Redis' lines, closes the sentinel (which flushes the config), removes the
 * pidfile, and on a signal exits with status 0 like Redis (the JVM's default would be 143/130).
 *
 * <p>The exact "Received SIGTERM" text needs to know which signal arrived, which a shutdown hook cannot
 * tell; so {@code sun.misc.Signal} handlers are installed (through reflection, since it is an unsupported
 * API). Without it, the shutdown hook still closes everything, and only the exit status and that one line
 * differ.
 */
public final class ShutdownSequence {
    private static final Logger LOG = LoggerFactory.getLogger("io.jsentinel.launcher");

    private final IntConsumer exit;
    private volatile RunningSentinel sentinel;
    private volatile PidFile pidFile;
    private volatile Runnable onStopping = () -> { };
    private boolean done;

    /** {@code exit} is {@code System::exit} in production. */
    public ShutdownSequence(IntConsumer exit) {
        this.exit = exit;
    }

    public void sentinel(RunningSentinel sentinel) {
        this.sentinel = sentinel;
    }

    public void pidFile(PidFile pidFile) {
        this.pidFile = pidFile;
    }

    /** What to tell a supervisor when the shutdown begins (systemd's STOPPING=1). */
    public void onStopping(Runnable onStopping) {
        this.onStopping = onStopping;
    }

    /** Installs the TERM/INT handlers and the shutdown hook; returns whether the signal handlers took. */
    public boolean install() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(false), "jsentinel-shutdown-hook"));
        return handle("TERM") & handle("INT");
    }

    /** What a SIGTERM/SIGINT does: log like Redis' signal handler, shut down, exit 0. */
    public void onSignal(String name) {
        LOG.warn(RedisLogLayout.SIGNAL_HANDLER, "Received SIG{} scheduling shutdown...", name);
        run(true);
        exit.accept(0);
    }

    /** After the SHUTDOWN command: core has already flushed and closed; finish and exit 0. */
    public void onShutdownCommand() {
        sentinel = null;
        run(false);
        exit.accept(0);
    }

    /** Start-up failed: remove the pidfile quietly (Redis just exits) and disarm the shutdown hook. */
    public synchronized void abort() {
        done = true;
        PidFile p = pidFile;
        if (p != null) {
            p.remove();
        }
    }

    /**
     * Closes the sentinel and removes the pidfile; later calls do nothing.
     *
     * @param userRequested log Redis' "User requested shutdown..." (signals; core logs it for SHUTDOWN)
     */
    public synchronized void run(boolean userRequested) {
        if (done) {
            return;
        }
        done = true;
        if (userRequested) {
            LOG.warn("User requested shutdown...");
        }
        try {
            onStopping.run();
        } catch (RuntimeException e) {
            LOG.warn("Error while telling the supervisor: {}", e.toString());
        }
        RunningSentinel s = sentinel;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("Error while closing the sentinel: {}", e.toString(), e);
            }
        }
        PidFile p = pidFile;
        if (p != null) {
            LOG.info("Removing the pid file.");
            p.remove();
        }
        LOG.warn("Sentinel is now ready to exit, bye bye...");
    }

    private boolean handle(String signal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler ih = (proxy, method, args) -> dispatch(proxy, method, args, signal);
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, ih);
            Object sig = signalClass.getConstructor(String.class).newInstance(signal);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, sig, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("Cannot install a SIG{} handler ({}); relying on the shutdown hook", signal, e.toString());
            return false;
        }
    }

    private Object dispatch(Object proxy, Method method, Object[] args, String signal) {
        switch (method.getName()) {
            case "handle" -> {
                // The JVM runs signal handlers on their own thread, so blocking here is fine.
                onSignal(signal);
                return null;
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "toString" -> {
                return "jsentinel SIG" + signal + " handler";
            }
            default -> throw new UnsupportedOperationException(method.getName());
        }
    }
}
