package io.jsentinel.election;

import io.jsentinel.config.ConfigFlusher;
import io.jsentinel.event.Events;
import io.jsentinel.events.EventLevel;
import io.jsentinel.events.SentinelEvent;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.time.LoopClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Applies the election rules (protocol doc §5.4, §5.5): {@link VoteRule} decides whether a vote is granted,
 * {@link LeaderTally} who won. This class persists every epoch and vote before it is announced or answered.
 */
public final class Election {
    private final SentinelState state;
    private final LoopClock clock;
    private final Events events;
    private final ConfigFlusher flusher;
    private final Random random;

    public Election(SentinelState state, LoopClock clock, Events events, ConfigFlusher flusher, Random random) {
        this.state = state;
        this.clock = clock;
        this.events = events;
        this.flusher = flusher;
        this.random = random;
    }

    /**
     * Grants at most one vote per epoch per master, persisting before the answer leaves (§5.4). Returns
     * the vote now stored, which may be an older one.
     */
    public Vote voteLeader(Instance master, long reqEpoch, String reqRunId) {
        VoteRule.Decision d = VoteRule.decide(state.currentEpoch, master.leaderEpoch, reqEpoch);
        if (d.adoptEpoch()) {
            state.currentEpoch = reqEpoch;
            flusher.flushConfig();
            events.global(EventLevel.WARNING, master.name,
                    info -> new SentinelEvent.NewEpoch(info, state.currentEpoch));
        }
        if (d.grant()) {
            master.leader = reqRunId;
            master.leaderEpoch = state.currentEpoch;
            flusher.flushConfig();
            events.global(EventLevel.WARNING, master.name,
                    info -> new SentinelEvent.VoteForLeader(info, master.leader, master.leaderEpoch));
            // Voting for someone else: do not compete with the winner for a while.
            if (!reqRunId.equalsIgnoreCase(state.myId)) {
                master.failoverStartTime = clock.now() + random.nextInt(1000);
            }
        }
        return new Vote(master.leader, master.leaderEpoch);
    }

    /**
     * The run id elected for failover epoch {@code epoch}, or null (§5.5), counting only votes of that epoch (see
     * {@link LeaderTally}: Redis counts the peers' votes of the current epoch). Casts our own vote on the way: for
     * the peers' favourite, or for ourselves when no peer voted in the epoch.
     */
    public String getLeader(Instance master, long epoch) {
        List<Vote> peerVotes = new ArrayList<>(master.sentinels.size());
        for (Instance p : master.sentinels.values()) {
            peerVotes.add(new Vote(p.leader, p.leaderEpoch));
        }
        LeaderTally tally = LeaderTally.ofPeers(peerVotes, epoch);
        String candidate = tally.provisionalWinner();
        Vote own = voteLeader(master, epoch, candidate != null ? candidate : state.myId);
        return tally.decide(own, master.sentinels.size() + 1, master.quorum).winner();
    }
}
