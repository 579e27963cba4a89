package io.jsentinel.detect;

import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;

/**
 * Whether a master is objectively down (protocol doc §5.2): this sentinel holds it SDOWN and, counting itself,
 * at least quorum sentinels said "down" in a fresh answer. A loose, time-windowed tally, not an agreement.
 */
public final class ObjectiveDownRule {
    private ObjectiveDownRule() {
    }

    public enum Reason { NOT_SUBJECTIVELY_DOWN, BELOW_QUORUM, QUORUM_REACHED }

    /** @param agreeing the sentinels counted as agreeing, this one included (0 when not SDOWN here) */
    public record Decision(boolean odown, Reason reason, int agreeing, int quorum) {
    }

    /** @param peersSayingDown peers whose last answer, no older than the answer validity, said "down" */
    public static Decision decide(boolean subjectivelyDownHere, int peersSayingDown, int quorum) {
        if (!subjectivelyDownHere) {
            return new Decision(false, Reason.NOT_SUBJECTIVELY_DOWN, 0, quorum);
        }
        int agreeing = 1 + peersSayingDown;
        return agreeing >= quorum
                ? new Decision(true, Reason.QUORUM_REACHED, agreeing, quorum)
                : new Decision(false, Reason.BELOW_QUORUM, agreeing, quorum);
    }

    /**
     * The peers of {@code master} whose "down" answer is at most {@code answerValidity} old. Only fresh answers
     * count: TILT skips the periodic expiry of old ones (simulation seed 3601).
     */
    public static int peersSayingDown(Instance master, long now, long answerValidity) {
        int n = 0;
        for (Instance p : master.sentinels.values()) {
            if (p.is(Flags.MASTER_DOWN) && now - p.lastMasterDownReplyTime <= answerValidity) {
                n++;
            }
        }
        return n;
    }
}
