package io.jsentinel.detect;

/**
 * When the sentinel enters and leaves TILT (protocol doc §11.1): a tick that finds the wall clock gone back,
 * or further ahead than the trigger, cannot trust any timer it measured, so it stops acting for a period.
 */
public final class TiltRule {
    private TiltRule() {
    }

    /** Why a tick did or did not enter TILT. */
    public enum Reason { FIRST_TICK, CLOCK_STEADY, CLOCK_WENT_BACKWARDS, TICK_GAP_TOO_LONG }

    /** @param enter whether this tick enters (or re-enters, restarting the period) TILT */
    public record Decision(boolean enter, Reason reason) {
    }

    /**
     * @param firstTick  the first tick has no previous one to measure from (a slow start-up is no clock jump)
     * @param wallDelta  wall-clock milliseconds since the previous tick
     * @param tiltTrigger the largest gap between ticks that is still normal
     */
    public static Decision onTick(boolean firstTick, long wallDelta, long tiltTrigger) {
        if (firstTick) {
            return new Decision(false, Reason.FIRST_TICK);
        }
        if (wallDelta < 0) {
            return new Decision(true, Reason.CLOCK_WENT_BACKWARDS);
        }
        if (wallDelta > tiltTrigger) {
            return new Decision(true, Reason.TICK_GAP_TOO_LONG);
        }
        return new Decision(false, Reason.CLOCK_STEADY);
    }

    /** TILT ends once a whole period has passed since the last trigger. */
    public static boolean exitDue(long now, long tiltStartTime, long tiltPeriod) {
        return now - tiltStartTime >= tiltPeriod;
    }
}
