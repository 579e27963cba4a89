package io.jsentinel.election;

import io.jsentinel.state.QuorumCheck;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who won the election of a failover epoch (protocol doc §5.5), in two steps around this sentinel's own vote:
 * the peers' votes give the provisional winner (whom this sentinel then votes for, or itself when there is
 * none), and with our own vote added the winner needs max(quorum, voters/2 + 1) votes.
 * Ties keep the candidate counted first (peers in their known order), as a strict "more votes" comparison does.
 *
 * <p>Every vote counted, the peers' and our own, must be of the failover epoch. Redis 7.0 counts the peers' votes
 * of its current epoch instead, which moves on when another sentinel asks for a vote in a later epoch: its vote
 * requests then carry that later epoch, peers grant them, and it leads its failover epoch with votes of another
 * epoch, although a different sentinel may have won the failover epoch already (docs/compatibility.md). A majority
 * of the failover epoch still elects after the current epoch moved on: that epoch is shared by every master, so a
 * vote for a failover of another master moves it too, and is no sign of a rival for this one.
 */
public final class LeaderTally {
    public enum Reason { ELECTED, NO_VOTES, BELOW_MAJORITY, BELOW_QUORUM }

    /** @param winner the elected run id, or null; {@code votes} are the leading candidate's */
    public record Result(String winner, int votes, Reason reason) {
    }

    private final long failoverEpoch;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private String leading;
    private int leadingVotes;

    private LeaderTally(long failoverEpoch) {
        this.failoverEpoch = failoverEpoch;
    }

    /** Counts the peers' votes cast in {@code failoverEpoch}; other epochs' votes do not count. */
    public static LeaderTally ofPeers(Iterable<Vote> peerVotes, long failoverEpoch) {
        LeaderTally t = new LeaderTally(failoverEpoch);
        for (Vote v : peerVotes) {
            if (v.leader() != null && v.epoch() == failoverEpoch) {
                t.counts.merge(v.leader(), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : t.counts.entrySet()) {
            if (e.getValue() > t.leadingVotes) {
                t.leadingVotes = e.getValue();
                t.leading = e.getKey();
            }
        }
        return t;
    }

    /** The peers' favourite, whom this sentinel votes for; null when no peer voted in the epoch. */
    public String provisionalWinner() {
        return leading;
    }

    /**
     * Adds our own vote (only if it was cast in the failover epoch) and applies the thresholds.
     *
     * @param voters every known sentinel of the master, this one included, down or not
     */
    public Result decide(Vote own, int voters, int quorum) {
        String winner = leading;
        int votes = leadingVotes;
        if (own.leader() != null && own.epoch() == failoverEpoch) {
            int ownCount = counts.getOrDefault(own.leader(), 0) + 1;
            if (ownCount > votes) {
                votes = ownCount;
                winner = own.leader();
            }
        }
        if (winner == null) {
            return new Result(null, 0, Reason.NO_VOTES);
        }
        if (votes < QuorumCheck.majority(voters)) {
            return new Result(null, votes, Reason.BELOW_MAJORITY);
        }
        if (votes < quorum) {
            return new Result(null, votes, Reason.BELOW_QUORUM);
        }
        return new Result(winner, votes, Reason.ELECTED);
    }
}
