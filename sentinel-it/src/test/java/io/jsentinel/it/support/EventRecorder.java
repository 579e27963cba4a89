package io.jsentinel.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records every message a sentinel publishes, from a background thread subscribed with
 * {@code PSUBSCRIBE *} (RESP2). Stops on its own when the connection closes (sentinel killed);
 * {@link SentinelNode} starts a new one after each restart, appending to the same list.
 */
public final class EventRecorder {
    private final List<PublishedEvent> events = new ArrayList<>();
    private volatile RawResp connection;
    private volatile Thread thread;

    /** Subscribes now (returns once PSUBSCRIBE is confirmed), then records in the background. */
    public void subscribe(int port, String name) {
        RawResp c = RawResp.connect(port);
        Resp confirm = c.call("PSUBSCRIBE", "*");
        if (confirm.isError()) {
            c.close();
            throw new IllegalStateException("PSUBSCRIBE * failed on " + name + ": " + confirm);
        }
        c.readTimeout(Duration.ZERO);
        connection = c;
        Thread t = new Thread(() -> readLoop(c), "events-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void readLoop(RawResp c) {
        try {
            while (true) {
                Resp msg = c.read();
                List<Resp> items = msg.items();
                if (items != null && items.size() == 4 && "pmessage".equals(items.get(0).text())) {
                    add(new PublishedEvent(items.get(2).text(), items.get(3).text(), System.nanoTime(), Instant.now()));
                }
            }
        } catch (RuntimeException closed) {
            // connection closed: the sentinel stopped or we unsubscribed
        }
    }

    private synchronized void add(PublishedEvent e) {
        events.add(e);
        notifyAll();
    }

    /** Closes the subscription connection. */
    public void close() {
        RawResp c = connection;
        if (c != null) {
            c.close();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The index of the next event; pass it to {@link #await(int, Predicate, Duration)}. */
    public synchronized int mark() {
        return events.size();
    }

    public synchronized List<PublishedEvent> all() {
        return new ArrayList<>(events);
    }

    /** Waits for the first event at index ≥ {@code from} matching {@code match}; null on timeout. */
    public synchronized PublishedEvent await(int from, Predicate<PublishedEvent> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int i = from;
        while (true) {
            for (; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    return events.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
