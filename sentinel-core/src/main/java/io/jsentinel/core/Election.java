package io.jsentinel.core;

import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.state.Instance;
import io.jsentinel.state.QuorumCheck;
import io.jsentinel.state.SentinelState;
import java.util.LinkedHashMap;
import java.util.Map;

/** Votes and leader determination (protocol doc §5.4, §5.5). */
final class Election {
    private final SentinelCore core;
    private final SentinelState state;

    Election(SentinelCore core) {
        this.core = core;
        this.state = core.state;
    }

    /** A vote as stored for a master: the run id voted for (or null) and the epoch of that vote. */
    record Vote(String leader, long epoch) {
    }

    /**
     * Grants at most one vote per epoch per master, persisting before the answer leaves (§5.4). Returns
     * the vote now stored, which may be an older one.
     */
    Vote voteLeader(Instance master, long reqEpoch, String reqRunId) {
        if (reqEpoch > state.currentEpoch) {
            state.currentEpoch = reqEpoch;
            core.flushConfig();
            core.events.global(EventLevel.WARNING, master.name,
                    info -> new SentinelEvent.NewEpoch(info, state.currentEpoch));
        }
        if (master.leaderEpoch < reqEpoch && state.currentEpoch <= reqEpoch) {
            master.leader = reqRunId;
            master.leaderEpoch = state.currentEpoch;
            core.flushConfig();
            core.events.global(EventLevel.WARNING, master.name,
                    info -> new SentinelEvent.VoteForLeader(info, master.leader, master.leaderEpoch));
            // Voting for someone else: do not compete with the winner for a while.
            if (!reqRunId.equalsIgnoreCase(state.myId)) {
                master.failoverStartTime = core.now() + core.random.nextInt(1000);
            }
        }
        return new Vote(master.leader, master.leaderEpoch);
    }

    /**
     * The run id elected for {@code epoch}, or null: it needs max(quorum, voters/2 + 1) votes among the
     * peers' recorded votes of the current epoch plus our own (§5.5).
     */
    String getLeader(Instance master, long epoch) {
        Map<String, Integer> counters = new LinkedHashMap<>();
        int voters = master.sentinels.size() + 1;
        for (Instance p : master.sentinels.values()) {
            if (p.leader != null && p.leaderEpoch == state.currentEpoch) {
                counters.merge(p.leader, 1, Integer::sum);
            }
        }
        String winner = null;
        int maxVotes = 0;
        for (Map.Entry<String, Integer> e : counters.entrySet()) {
            if (e.getValue() > maxVotes) {
                maxVotes = e.getValue();
                winner = e.getKey();
            }
        }
        Vote mine = winner != null ? voteLeader(master, epoch, winner) : voteLeader(master, epoch, state.myId);
        if (mine.leader() != null && mine.epoch() == epoch) {
            int votes = counters.merge(mine.leader(), 1, Integer::sum);
            if (votes > maxVotes) {
                maxVotes = votes;
                winner = mine.leader();
            }
        }
        if (winner != null && (maxVotes < QuorumCheck.majority(voters) || maxVotes < master.quorum)) {
            winner = null;
        }
        return winner;
    }
}
