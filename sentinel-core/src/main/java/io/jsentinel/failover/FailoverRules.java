package io.jsentinel.failover;

import io.jsentinel.link.InfoReport.NodeFailover;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;

/**
 * The timing decisions of a failover (protocol doc §5.6, §6.2, §6.5, §6.6): when one may start, and when each
 * waiting state has waited too long.
 */
public final class FailoverRules {
    private FailoverRules() {
    }

    /** Delay between ODOWN and our failover attempt, per sentinel with a smaller run id than ours. */
    public static final long STAGGER_STEP_MILLIS = 250;

    public enum StartReason { NOT_ODOWN, ALREADY_IN_PROGRESS, STAGGERED, TOO_SOON_AFTER_LAST_ATTEMPT, START }

    /** @param retryAt for {@link StartReason#TOO_SOON_AFTER_LAST_ATTEMPT}, when an attempt is allowed again */
    public record StartDecision(StartReason reason, long retryAt) {
        public boolean start() {
            return reason == StartReason.START;
        }
    }

    /**
     * @param stagger          our delay after ODOWN, {@link #stagger(int)}
     * @param lastAttemptTime  the master's failover start time (a vote for another sentinel moves it too)
     */
    public static StartDecision mayStart(boolean odown, boolean inProgress, long now, long oDownSinceTime,
                                         long stagger, long lastAttemptTime, long failoverTimeout) {
        if (!odown) {
            return new StartDecision(StartReason.NOT_ODOWN, 0);
        }
        if (inProgress) {
            return new StartDecision(StartReason.ALREADY_IN_PROGRESS, 0);
        }
        if (now - oDownSinceTime < stagger) {
            return new StartDecision(StartReason.STAGGERED, 0);
        }
        if (now - lastAttemptTime < failoverTimeout * 2) {
            return new StartDecision(StartReason.TOO_SOON_AFTER_LAST_ATTEMPT, lastAttemptTime + failoverTimeout * 2);
        }
        return new StartDecision(StartReason.START, 0);
    }

    /**
     * Sentinels that reach ODOWN together would each ask for votes for themselves and split them. The one with
     * the smallest run id goes first, the next one a step later, and so on: by then the first has usually
     * collected the votes (which also hold the others back), and if it is down the next takes over a step later.
     *
     * @param rank the peers not SDOWN whose run id sorts before ours
     */
    public static long stagger(int rank) {
        return rank * STAGGER_STEP_MILLIS;
    }

    /** {@link #stagger(int)} for this sentinel: its rank among the peers of {@code master} that are not SDOWN. */
    public static long stagger(Instance master, String myId) {
        int rank = 0;
        for (Instance p : master.sentinels.values()) {
            if (p.runId != null && p.runId.compareToIgnoreCase(myId) < 0 && !p.is(Flags.S_DOWN)) {
                rank++;
            }
        }
        return stagger(rank);
    }

    /**
     * A coordinated switchover's primary gave up (§ docs/switchover.md): after it accepted FAILOVER, a later INFO
     * shows it as a master with no failover running, so its TIMEOUT ran out before the replica caught up and it
     * resumed writes.
     */
    public static boolean primaryGaveUp(Instance master) {
        return master.coordinatedAcceptedTime != 0 && master.nodeFailover == NodeFailover.NONE
                && master.nodeFailoverSince > master.coordinatedAcceptedTime
                && master.roleReported == Instance.MASTER_ROLE && master.infoRefresh > master.coordinatedAcceptedTime;
    }

    /** Not elected within min(election timeout, failover-timeout) of the start: give up (§6.2). */
    public static boolean electionTimedOut(long now, long failoverStartTime, long electionTimeout,
                                           long failoverTimeout) {
        return now - failoverStartTime > Math.min(electionTimeout, failoverTimeout);
    }

    /** A state that waits for the nodes (promotion, replica reconfiguration) gets failover-timeout (§6.5, §6.6). */
    public static boolean stateTimedOut(long now, long stateChangeTime, long failoverTimeout) {
        return now - stateChangeTime > failoverTimeout;
    }

    /** A replica sent REPLICAOF that shows no progress for this long is given up on (§6.6). */
    public static boolean replicaReconfTimedOut(long now, long reconfSentTime, long slaveReconfTimeout) {
        return now - reconfSentTime > slaveReconfTimeout;
    }
}
