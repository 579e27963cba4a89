package io.jsentinel.it.chaos;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A client writing as fast as it can on its own thread: attempt {@code n} sets bit {@code n} of its own key
 * ({@code SETBIT switch:<name> n 1}), and the bit is recorded locally only when the server acknowledged it. Every
 * attempt uses a fresh {@code n}, so after the run the acknowledged bits missing from the final master's bitmap
 * are exactly the acknowledged writes that were lost. A bitmap keeps millions of writes at a few hundred KB,
 * cheap to resynchronise at every switchover and to read back.
 *
 * <p>Pauses between consecutive acknowledgements longer than {@link #GAP_RECORD_MILLIS} are kept, so that the
 * write gap around any moment can be asked for afterwards.
 */
abstract class AckedWriter implements AutoCloseable {
    /** A stretch without acknowledged writes: from the last ack before it to the first one after it. */
    record Gap(long fromNanos, long toNanos) {
        double millis() {
            return (toNanos - fromNanos) / 1e6;
        }
    }

    static final long GAP_RECORD_MILLIS = 5;
    /**
     * After a failed write the loop waits this long before the next attempt, so that a writer refused in a tight
     * loop (READONLY answers in microseconds) does not take a core from the sentinels on a shared machine. It adds
     * at most this much to a measured gap.
     */
    static final long ERROR_BACKOFF_MILLIS = 1;

    final String name;
    final String key;
    private final BitSet acked = new BitSet();
    private final List<Gap> gaps = new ArrayList<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private long lastAckNanos;
    private long attempts;
    private volatile String lastError;
    private volatile boolean running = true;
    private Thread thread;

    AckedWriter(String name) {
        this.name = name;
        this.key = "switch:" + name;
    }

    /** Sets bit {@code n} of {@link #key}; returns normally only when the server acknowledged it. */
    abstract void setBit(long n) throws Exception;

    /** Called after a failed write, before the next attempt (drop the connection, ask the sentinels again, ...). */
    void recover(Exception failure) {
    }

    /** Releases the client's connections; called once, after the loop ended. */
    abstract void closeClient();

    AckedWriter start() {
        synchronized (this) {
            lastAckNanos = System.nanoTime();
        }
        thread = new Thread(this::loop, "acked-writer-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        long n = 0;
        while (running) {
            n++;
            try {
                setBit(n);
                acknowledged(n, System.nanoTime());
            } catch (Exception e) {
                failed(e);
                try {
                    recover(e);
                    Thread.sleep(ERROR_BACKOFF_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                } catch (RuntimeException ignored) {
                    // the next attempt tries again
                }
            }
        }
    }

    private synchronized void acknowledged(long n, long now) {
        attempts++;
        acked.set(Math.toIntExact(n));
        if (now - lastAckNanos >= GAP_RECORD_MILLIS * 1_000_000) {
            gaps.add(new Gap(lastAckNanos, now));
        }
        lastAckNanos = now;
        notifyAll();
    }

    private void failed(Exception e) {
        synchronized (this) {
            attempts++;
        }
        String kind = errorKind(e);
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        lastError = e.toString();
    }

    /** The Redis error code (READONLY, NOPERM, ...) when the message starts with one, else the exception's class. */
    static String errorKind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                String first = m.strip().split("\\s", 2)[0];
                if (first.length() >= 3 && first.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                    return first;
                }
            }
        }
        return e.getClass().getSimpleName();
    }

    /** Waits until a write is acknowledged at or after {@code nanos}; false on timeout. */
    synchronized boolean awaitAckAfter(long nanos, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (acked.isEmpty() || lastAckNanos < nanos) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * The longest stretch without an acknowledged write that overlaps [{@code fromNanos}, {@code toNanos}], in ms;
     * a stretch still open at {@code toNanos} counts up to now.
     */
    synchronized double longestGapMillis(long fromNanos, long toNanos) {
        double longest = 0;
        for (Gap g : gaps) {
            if (g.toNanos() >= fromNanos && g.fromNanos() <= toNanos) {
                longest = Math.max(longest, g.millis());
            }
        }
        if (lastAckNanos <= toNanos) {
            longest = Math.max(longest, (System.nanoTime() - lastAckNanos) / 1e6);
        }
        return longest;
    }

    synchronized long ackedCount() {
        return acked.cardinality();
    }

    synchronized long attempts() {
        return attempts;
    }

    /** Acknowledged writes whose bit is not set in {@code bitmap} (a GET of the key; Redis' bit 0 is the MSB). */
    synchronized long lostAmong(byte[] bitmap) {
        long lost = 0;
        for (int n = acked.nextSetBit(0); n >= 0; n = acked.nextSetBit(n + 1)) {
            int index = n >>> 3;
            boolean present = bitmap != null && index < bitmap.length && (bitmap[index] & (0x80 >>> (n & 7))) != 0;
            if (!present) {
                lost++;
            }
        }
        return lost;
    }

    /** Failed attempts by kind, sorted by kind. */
    Map<String, Long> errors() {
        Map<String, Long> m = new TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    String lastError() {
        return lastError;
    }

    /** Stops the loop (an attempt in flight finishes or fails first), then closes the client. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeClient();
    }

    @Override
    public String toString() {
        return name;
    }
}
