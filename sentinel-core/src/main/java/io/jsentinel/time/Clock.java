package io.jsentinel.time;

/**
 * The sentinel's two clocks. Timeouts are measured on the monotonic clock; TILT detection uses the
 * wall clock, because Redis enters TILT on wall-clock jumps (protocol doc §11.1).
 */
public interface Clock {
    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
    long wallMillis();

    /** Monotonic milliseconds; all sentinel timers are kept in this unit. */
    default long monoMillis() {
        return nanoTime() / 1_000_000L;
    }
}
