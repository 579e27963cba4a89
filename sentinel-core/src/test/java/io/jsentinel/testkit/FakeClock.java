package io.jsentinel.testkit;

import io.jsentinel.time.Clock;
import java.util.function.LongSupplier;

/**
 * The tests' clock. Time passes only when the test moves it ({@link #advanceMillis}) or, for a clock that
 * {@linkplain #following follows} another time source, when that source moves (the simulation's virtual
 * time). The wall clock can also jump on its own, as an NTP step or a suspended VM makes it jump (TILT).
 */
public final class FakeClock implements Clock {
    /** Where a test's wall clock starts: a fixed date, so that nothing depends on when the test runs. */
    public static final long WALL_START_MILLIS = 1_764_000_000_000L;
    private static final long DEFAULT_START_NANOS = 1_000_000_000L;

    private final long startNanos;
    private final long startWallMillis;
    /** Milliseconds since the start, when they come from elsewhere; null when the test advances this clock. */
    private final LongSupplier followedMillis;
    private long advancedMillis;
    private long wallJumpMillis;

    public FakeClock() {
        this(DEFAULT_START_NANOS, WALL_START_MILLIS, null);
    }

    private FakeClock(long startNanos, long startWallMillis, LongSupplier followedMillis) {
        this.startNanos = startNanos;
        this.startWallMillis = startWallMillis;
        this.followedMillis = followedMillis;
    }

    /**
     * A clock whose time is {@code elapsedMillis} after its start, e.g. the simulation's virtual time shared by
     * all its sentinels; each such clock keeps its own wall-clock jumps.
     */
    public static FakeClock following(LongSupplier elapsedMillis, long startNanos, long startWallMillis) {
        return new FakeClock(startNanos, startWallMillis, elapsedMillis);
    }

    private long elapsedMillis() {
        return followedMillis == null ? advancedMillis : followedMillis.getAsLong();
    }

    @Override
    public long nanoTime() {
        return startNanos + elapsedMillis() * 1_000_000L;
    }

    @Override
    public long wallMillis() {
        return startWallMillis + elapsedMillis() + wallJumpMillis;
    }

    /** Moves both clocks forward. */
    public void advanceMillis(long ms) {
        if (followedMillis != null) {
            throw new IllegalStateException("this clock follows another time source; move that instead");
        }
        advancedMillis += ms;
    }

    /** Moves only the wall clock, as an NTP step or a suspended VM would. */
    public void jumpWall(long ms) {
        wallJumpMillis += ms;
    }
}
