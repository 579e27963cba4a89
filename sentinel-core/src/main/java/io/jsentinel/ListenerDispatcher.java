package io.jsentinel;

import io.jsentinel.event.EventSink;
import io.jsentinel.events.SentinelEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events from the sentinel loop to one listener on the listener's own thread. The loop only
 * offers to a bounded queue: when the listener falls behind by {@code capacity} events, newer events are
 * dropped for that listener (and counted) rather than ever blocking the loop or growing memory.
 */
final class ListenerDispatcher implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    final SentinelListener listener;
    private final BlockingQueue<SentinelEvent> queue;
    private final LongAdder dropped;
    private final Thread thread;
    private volatile boolean closed;

    ListenerDispatcher(SentinelListener listener, int capacity, LongAdder dropped) {
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = dropped;
        this.thread = new Thread(this::run, "sentinel-listener-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(SentinelEvent event) {
        if (closed || !queue.offer(event)) {
            dropped.increment();
        }
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            SentinelEvent e;
            try {
                e = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                return;
            }
            if (e == null) {
                continue;
            }
            try {
                listener.onEvent(e);
            } catch (Throwable t) {
                LOG.warn("Sentinel listener failed on {}: {}", e.type(), t.toString());
            }
        }
    }

    /** Stops accepting events; the thread delivers what is queued (waiting at most {@code waitMillis}). */
    void close(long waitMillis) {
        closed = true;
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
