package io.jsentinel.detect;

import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Instance;
import io.jsentinel.state.QuorumCheck;
import io.jsentinel.state.Timers;
import java.util.function.BiPredicate;

/**
 * Whether a sentinel shares this one's view of a master, so that a node reporting a role against that view may be
 * corrected at once (docs/architecture.md, "Returning old masters"). A sentinel agrees when it has the same master
 * address under the same config epoch, no failover of it in progress, does not hold it SDOWN, and has not voted in an
 * election of that master newer than the view, unless it has held that vote long enough for the election to have ended
 * and been announced: a node promoted in an epoch
 * newer than the view was promoted by a leader that a majority voted for, and a majority that agrees intersects it.
 * The argument, and its assumptions, in docs/architecture.md.
 */
public final class ViewAgreementRule {
    private ViewAgreementRule() {
    }

    /**
     * What a peer answered, asked in one pipeline: {@code SENTINEL IS-MASTER-DOWN-BY-ADDR <ip> <port> 0 <id>} (a read:
     * epoch 0 can neither move an epoch nor win a vote), then {@code SENTINEL MASTER <name>}.
     *
     * @param seesDown   the first reply's "down" element
     * @param voteEpoch  the first reply's vote epoch (0 when the peer knows no master at that address)
     * @param host       the second reply's {@code ip}
     * @param configEpoch the second reply's {@code config-epoch}
     * @param inFailover whether the second reply's flags hold {@code failover_in_progress}
     */
    public record PeerAnswer(boolean seesDown, long voteEpoch, String host, int port, long configEpoch,
                             boolean inFailover) {
    }

    /**
     * How long after a sentinel was first seen holding a vote in epoch E the election it voted in has surely ended and
     * been announced: it can vote in E no more, so the candidate it voted for asked before, within the election
     * timeout (10 s at most); that leader then had failover-timeout to see a promotion, after which every hello it
     * sends (each publish period, through every instance it monitors) announces it.
     */
    public static long electionSettleMillis(Instance master, Timers timers) {
        return ELECTION_TIMEOUT_MILLIS + master.failoverTimeout + 4 * timers.publishPeriod;
    }

    private static final long ELECTION_TIMEOUT_MILLIS = 10_000;

    /** Notes that {@code holder} (a peer, or the master for our own vote) holds a vote in {@code voteEpoch} now. */
    public static void noteVote(Instance holder, long voteEpoch, long now) {
        if (Long.compareUnsigned(voteEpoch, holder.viewVoteEpoch) > 0) {
            holder.viewVoteEpoch = voteEpoch;
            holder.viewVoteEpochSince = now;
        }
    }

    /**
     * Whether a vote in {@code voteEpoch} (as noted for {@code holder}) stands against a view of {@code viewEpoch}: not
     * when it is no newer than the view, nor when it has been held for longer than {@code settleMillis}.
     */
    public static boolean voteStandsAgainst(Instance holder, long voteEpoch, long viewEpoch, long now,
                                            long settleMillis) {
        if (Long.compareUnsigned(voteEpoch, viewEpoch) <= 0) {
            return false;
        }
        return voteEpoch != holder.viewVoteEpoch || now - holder.viewVoteEpochSince <= settleMillis;
    }

    /**
     * @param voteStands whether the peer's vote stands against the view ({@link #voteStandsAgainst})
     * @param sameHost   whether a reported host names the node at an address (a name or the IP it resolves to)
     */
    public static boolean agrees(PeerAnswer a, Endpoint view, long viewEpoch, boolean voteStands,
                                 BiPredicate<Endpoint, String> sameHost) {
        return !a.seesDown() && !a.inFailover() && a.port() == view.port() && a.configEpoch() == viewEpoch
                && sameHost.test(view, a.host()) && !voteStands;
    }

    /**
     * Enough agreement to act: what a leader needs, a majority of the sentinels known for the master (this one
     * included) and the quorum, so that a sentinel that knows too few of its peers cannot confirm its view alone.
     */
    public static boolean enough(Instance master, int agreeing) {
        return agreeing >= Math.max(master.quorum, QuorumCheck.majority(master.sentinels.size() + 1));
    }

    /**
     * Whether this process has known the instance for 4 publish periods, Redis' own wait: a master long enough to
     * know its peers and the configurations they announce (until then a view check may not confirm), a peer long
     * enough to have heard them itself (until then its answer is no agreement: a sentinel that restarted under a new
     * id, its state lost, answers the view of its config file; the churn simulation, seed 56764).
     */
    public static boolean settledIn(Instance instance, long now, Timers timers) {
        return now - instance.createdTime > 4 * timers.publishPeriod;
    }
}
