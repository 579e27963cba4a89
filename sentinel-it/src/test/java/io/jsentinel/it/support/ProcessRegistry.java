package io.jsentinel.it.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Every node started in this JVM. A shutdown hook SIGKILLs (by PID) whatever is still alive, so a crashed
 * or interrupted test run leaves no redis-server or sentinel behind; the failure reporter prints the
 * directories and log tails of the nodes a failed test started.
 */
public final class ProcessRegistry {
    private static final List<ManagedProcess> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessRegistry::killAll, "it-process-reaper"));
    }

    private ProcessRegistry() {
    }

    static synchronized void register(ManagedProcess p) {
        ALL.add(p);
    }

    /** The number of nodes registered so far; a mark for {@link #since(int)}. */
    public static synchronized int mark() {
        return ALL.size();
    }

    public static synchronized List<ManagedProcess> since(int mark) {
        return new ArrayList<>(ALL.subList(Math.min(mark, ALL.size()), ALL.size()));
    }

    public static synchronized List<ManagedProcess> alive() {
        return ALL.stream().filter(ManagedProcess::isAlive).toList();
    }

    private static void killAll() {
        List<ManagedProcess> copy;
        synchronized (ProcessRegistry.class) {
            copy = new ArrayList<>(ALL);
        }
        for (ManagedProcess p : copy) {
            p.kill();
        }
    }
}
