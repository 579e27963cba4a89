package io.jsentinel.sim;

import io.jsentinel.time.Clock;

/**
 * One sentinel's view of virtual time: the monotonic clock is shared, the wall clock carries the
 * sentinel's own offset so that it can jump (NTP step, VM suspend) and trigger TILT.
 */
final class SimClock implements Clock {
    static final long WALL_START = 1_764_000_000_000L;
    private final EventScheduler sched;
    private long wallOffset;

    SimClock(EventScheduler sched) {
        this.sched = sched;
    }

    @Override
    public long nanoTime() {
        return (sched.now() + 1_000_000L) * 1_000_000L;
    }

    @Override
    public long wallMillis() {
        return WALL_START + sched.now() + wallOffset;
    }

    void jumpWall(long ms) {
        wallOffset += ms;
    }
}
