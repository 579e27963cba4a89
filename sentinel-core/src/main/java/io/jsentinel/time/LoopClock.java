package io.jsentinel.time;

/**
 * The sentinel loop's time base. {@link #now()} is monotonic milliseconds shifted so that 0 lies far in the
 * past: Redis' timers use 0 for "never", and a never-set timestamp must compare as older than any period.
 */
public final class LoopClock {
    private static final long EPOCH_OFFSET = 1_000_000_000L;

    private final Clock clock;
    private final long origin;

    public LoopClock(Clock clock) {
        this.clock = clock;
        this.origin = clock.monoMillis();
    }

    /** Monotonic milliseconds on the loop's time base. */
    public long now() {
        return clock.monoMillis() - origin + EPOCH_OFFSET;
    }

    /** Wall-clock milliseconds (TILT, log dates, event times). */
    public long wallMillis() {
        return clock.wallMillis();
    }

    public Clock clock() {
        return clock;
    }
}
