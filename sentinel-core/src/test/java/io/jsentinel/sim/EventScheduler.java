package io.jsentinel.sim;

import java.util.PriorityQueue;

/**
 * Virtual time and the event queue of one simulation run. Events run in order of virtual time, ties in
 * order of scheduling, so a run depends only on its seed.
 */
final class EventScheduler {
    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long seq;
    private long executed;

    long now() {
        return now;
    }

    long executed() {
        return executed;
    }

    /** Runs {@code action} at virtual time {@code time} (never in the past). */
    void at(long time, Runnable action) {
        queue.add(new Event(Math.max(time, now), seq++, action));
    }

    void after(long delayMillis, Runnable action) {
        at(now + delayMillis, action);
    }

    /** Runs the next event if it is due no later than {@code until}; otherwise moves time to {@code until}. */
    boolean step(long until) {
        Event e = queue.peek();
        if (e == null || e.time > until) {
            now = Math.max(now, until);
            return false;
        }
        queue.poll();
        now = e.time;
        executed++;
        e.action.run();
        return true;
    }
}
