package io.jsentinel.link;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Host names to IPs for a running sentinel, looked up on threads of its own so that a slow resolver (a stalled
 * {@code getaddrinfo}, which puts Redis Sentinel into TILT) never holds the sentinel loop or the links' I/O. It
 * keeps the last good answer of each name: a name that stops resolving keeps it, and is looked up again after
 * 1 s, 2 s, 4 s, then every 5 s, however often it is asked for (Redis looks it up on every reconnect, once a
 * second; a restarted container whose name is back in DNS is found within seconds). At most one lookup per name
 * is under way, on at most two threads, which end when idle. Thread-safe.
 */
public final class HostResolver implements AutoCloseable {
    static final int MAX_NAMES = 1024;
    static final int MAX_PENDING = 256;
    static final long FIRST_RETRY_MILLIS = 1000;
    static final long MAX_RETRY_MILLIS = 5000;
    private static final int THREADS = 2;

    private final Function<String, String> lookup;
    private final long firstRetryMillis;
    private final long maxRetryMillis;
    private final ScheduledThreadPoolExecutor threads;
    /** The last good answer per name, least recently used first (names also come from nodes' INFO). */
    private final Map<String, String> lastGood = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_NAMES;
        }
    };
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    /** Names whose last lookup failed: how many times in a row, and not to be looked up before when. */
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Failures(int count, long retryAtNanos) {
    }

    /** Looks names up with the JDK ({@code getaddrinfo}). */
    public HostResolver() {
        this(HostResolver::lookUpWithJdk, FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS);
    }

    /**
     * @param lookup a blocking lookup: a name to its IP, or null when it does not resolve
     * @param firstRetryMillis the wait before a failed name is looked up again, doubled on each failure
     * @param maxRetryMillis the longest such wait
     */
    public HostResolver(Function<String, String> lookup, long firstRetryMillis, long maxRetryMillis) {
        this.lookup = lookup;
        this.firstRetryMillis = firstRetryMillis;
        this.maxRetryMillis = maxRetryMillis;
        this.threads = new ScheduledThreadPoolExecutor(THREADS, daemonThreads());
        threads.setKeepAliveTime(30, TimeUnit.SECONDS);
        threads.allowCoreThreadTimeOut(true);
        threads.setRemoveOnCancelPolicy(true);
    }

    /** The last good IP of {@code host}, or null when it never resolved. Never blocks. */
    public String lastGood(String host) {
        synchronized (lastGood) {
            return lastGood.get(key(host));
        }
    }

    /**
     * Looks {@code host} up in the background (joining a lookup already under way, or waiting out the back-off
     * of a name that failed). The future completes on a resolver thread with the fresh answer, or, when the
     * lookup fails, with the last good one, or null when there is none. Never blocks.
     */
    public CompletableFuture<String> resolve(String host) {
        String key = key(host);
        CompletableFuture<String> underWay = pending.get(key);
        if (underWay != null) {
            return underWay;
        }
        if (closed || pending.size() >= MAX_PENDING) {
            return CompletableFuture.completedFuture(lastGood(key));
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        underWay = pending.putIfAbsent(key, answer);
        if (underWay != null) {
            return underWay;
        }
        try {
            threads.schedule(() -> lookUp(key, answer), millisUntilRetry(key), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            pending.remove(key, answer);
            answer.complete(lastGood(key));
        }
        return answer;
    }

    private long millisUntilRetry(String key) {
        Failures f = failures.get(key);
        return f == null ? 0 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(f.retryAtNanos() - System.nanoTime()));
    }

    private void lookUp(String key, CompletableFuture<String> answer) {
        String ip;
        try {
            ip = lookup.apply(key);
        } catch (RuntimeException e) {
            ip = null;
        }
        if (ip != null) {
            synchronized (lastGood) {
                lastGood.put(key, ip);
            }
            failures.remove(key);
        } else {
            failures.compute(key, (k, f) -> {
                int count = f == null ? 1 : f.count() + 1;
                long wait = Math.min(maxRetryMillis, firstRetryMillis << Math.min(count - 1, 20));
                return new Failures(count, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait));
            });
            if (failures.size() > MAX_NAMES) {
                failures.clear();  // a hostile node's names: forgetting back-offs costs a lookup each, no more
            }
        }
        // gone from pending before it completes: whoever reacts to the answer by asking again starts a new lookup
        pending.remove(key, answer);
        answer.complete(ip != null ? ip : lastGood(key));
    }

    /** Stops the threads; lookups still waiting complete with the last good answers. */
    @Override
    public void close() {
        closed = true;
        threads.shutdownNow();
        for (Map.Entry<String, CompletableFuture<String>> e : pending.entrySet()) {
            pending.remove(e.getKey(), e.getValue());
            e.getValue().complete(lastGood(e.getKey()));
        }
    }

    private static String key(String host) {
        return host.toLowerCase(Locale.ROOT);
    }

    private static String lookUpWithJdk(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "jsentinel-resolver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
