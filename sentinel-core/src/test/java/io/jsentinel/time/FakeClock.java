package io.jsentinel.time;

/** A clock moved only by the test; the wall clock can jump on its own (TILT tests). */
public final class FakeClock implements Clock {
    private long nanos;
    private long wallMillis;

    public FakeClock() {
        this(1_000_000_000L, 1_764_000_000_000L);
    }

    public FakeClock(long startNanos, long startWallMillis) {
        this.nanos = startNanos;
        this.wallMillis = startWallMillis;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long wallMillis() {
        return wallMillis;
    }

    /** Moves both clocks forward. */
    public void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
        wallMillis += ms;
    }

    /** Moves only the wall clock, as an NTP step or a suspended VM would. */
    public void jumpWall(long ms) {
        wallMillis += ms;
    }
}
