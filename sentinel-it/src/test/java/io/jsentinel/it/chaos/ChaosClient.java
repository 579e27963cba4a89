package io.jsentinel.it.chaos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that appends a counter to a list ({@code RPUSH <key> n}) every 50 ms on its own thread and
 * records every acknowledged value with the time of the acknowledgement. A failed write is retried with the
 * next value after the implementation's own recovery (re-asking the sentinels, a pool refresh, ...).
 * Appending rather than overwriting lets the test count exactly which acknowledged writes a failover lost.
 */
abstract class ChaosClient implements AutoCloseable {
    /** One acknowledged write. */
    record Ack(long value, long nanos) {
    }

    static final long PERIOD_MILLIS = 50;

    final String name;
    final String key;
    private final List<Ack> acks = new ArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private volatile String lastError;
    private volatile boolean running = true;
    private Thread thread;

    ChaosClient(String name) {
        this.name = name;
        this.key = "chaos:" + name;
    }

    /** Writes {@code value}; returns normally only when the server acknowledged it. */
    abstract void append(long value) throws Exception;

    /** Called after a failed write, before the next attempt (drop the connection, re-ask, ...). */
    void recover(Exception failure) {
    }

    /** Optional extra work per round (e.g. a replica read); failures are counted, not fatal. */
    void extra() throws Exception {
    }

    ChaosClient start() {
        thread = new Thread(this::loop, "chaos-client-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        long n = 0;
        while (running) {
            long started = System.nanoTime();
            n++;
            try {
                append(n);
                synchronized (this) {
                    acks.add(new Ack(n, System.nanoTime()));
                }
                extra();
            } catch (Exception e) {
                errors.incrementAndGet();
                lastError = e.toString();
                try {
                    recover(e);
                } catch (RuntimeException ignored) {
                    // the next round retries
                }
            }
            long left = PERIOD_MILLIS - (System.nanoTime() - started) / 1_000_000;
            if (left > 0 && running) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    synchronized List<Ack> acks() {
        return new ArrayList<>(acks);
    }

    /** The first acknowledgement at or after {@code nanos}, or null. */
    synchronized Ack firstAckAfter(long nanos) {
        return acks.stream().filter(a -> a.nanos() >= nanos).findFirst().orElse(null);
    }

    /** Acknowledged values missing from {@code present} (the list on the final master). */
    long lostAmong(Collection<String> present) {
        Set<String> have = new HashSet<>(present);
        return acks().stream().filter(a -> !have.contains(Long.toString(a.value()))).count();
    }

    long errors() {
        return errors.get();
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeClient();
    }

    void closeClient() {
    }

    @Override
    public String toString() {
        return name;
    }
}
