package io.jsentinel.election;

/**
 * Whether to grant a vote asked for in IS-MASTER-DOWN-BY-ADDR (protocol doc §5.4): at most one vote per epoch
 * per master, and never for an epoch behind ours. A request from a newer epoch moves our epoch forward first,
 * whether or not it gets the vote.
 */
public final class VoteRule {
    private VoteRule() {
    }

    public enum Outcome { GRANTED, EPOCH_BEHIND_OURS, ALREADY_VOTED_IN_EPOCH }

    /**
     * @param adoptEpoch our current epoch becomes the requested one (it is newer)
     * @param outcome whether the vote is granted, and why not
     */
    public record Decision(boolean adoptEpoch, Outcome outcome) {
        public boolean grant() {
            return outcome == Outcome.GRANTED;
        }
    }

    /**
     * @param currentEpoch our current epoch
     * @param votedEpoch   the epoch of the vote we hold for the master (0 when none)
     * @param requestEpoch the epoch the requester asks a vote for
     */
    public static Decision decide(long currentEpoch, long votedEpoch, long requestEpoch) {
        boolean adopt = requestEpoch > currentEpoch;
        long epochAfter = Math.max(currentEpoch, requestEpoch);
        Outcome outcome;
        if (epochAfter > requestEpoch) {
            outcome = Outcome.EPOCH_BEHIND_OURS;
        } else if (votedEpoch >= requestEpoch) {
            outcome = Outcome.ALREADY_VOTED_IN_EPOCH;
        } else {
            outcome = Outcome.GRANTED;
        }
        return new Decision(adopt, outcome);
    }
}
