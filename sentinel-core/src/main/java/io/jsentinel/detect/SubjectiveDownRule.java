package io.jsentinel.detect;

import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.Timers;

/** Whether this sentinel holds an instance subjectively down (protocol doc §5.1, §11.2). */
public final class SubjectiveDownRule {
    private SubjectiveDownRule() {
    }

    /** The rule that made the instance down, or {@link #ANSWERING}. */
    public enum Reason { ANSWERING, NO_VALID_REPLY, MASTER_REPORTS_REPLICA_ROLE, MASTER_REBOOTED_TOO_LONG_AGO }

    /** A {@link Decision#recheckAt()} that asks for no early re-check. */
    public static final long NO_RECHECK = -1;

    /**
     * What the rule reads of one instance.
     *
     * @param actPingTime       when the PING still unanswered was sent, 0 when none is
     * @param lastAvailTime     the last valid reply (used while the link is down and no PING is pending)
     * @param configuredMaster  the instance is a master in our configuration
     * @param reportsReplicaRole its last INFO said role:slave
     * @param rebooting         a master flagged as rebooting (new run id, no PONG since)
     */
    public record Input(long now, long downAfter, long actPingTime, boolean disconnected, long lastAvailTime,
                        boolean configuredMaster, boolean reportsReplicaRole, long roleReportedTime, long infoPeriod,
                        boolean rebooting, long rebootSinceTime, long rebootDownAfter) {

        public static Input of(Instance ri, long now, Timers timers) {
            return new Input(now, ri.downAfterPeriod, ri.link.actPingTime, ri.link.disconnected, ri.link.lastAvailTime,
                    ri.isMaster(), ri.roleReported == Instance.SLAVE_ROLE, ri.roleReportedTime, timers.infoPeriod,
                    ri.is(Flags.MASTER_REBOOT), ri.masterRebootSinceTime, ri.masterRebootDownAfterPeriod);
        }
    }

    /**
     * @param silentFor how long the instance has gone without a valid reply as the rule measures it
     * @param recheckAt when the down-after period runs out for an instance not down yet, or {@link #NO_RECHECK}
     */
    public record Decision(boolean down, Reason reason, long silentFor, long recheckAt) {
    }

    public static Decision decide(Input in) {
        long silent = 0;
        if (in.actPingTime() != 0) {
            silent = in.now() - in.actPingTime();
        } else if (in.disconnected()) {
            silent = in.now() - in.lastAvailTime();
        }
        long recheckAt = silent > 0 && silent <= in.downAfter() ? in.now() - silent + in.downAfter() + 1 : NO_RECHECK;
        Reason reason;
        if (silent > in.downAfter()) {
            reason = Reason.NO_VALID_REPLY;
        } else if (in.configuredMaster() && in.reportsReplicaRole()
                && in.now() - in.roleReportedTime() > in.downAfter() + in.infoPeriod() * 2) {
            reason = Reason.MASTER_REPORTS_REPLICA_ROLE;
        } else if (in.configuredMaster() && in.rebooting()
                && in.now() - in.rebootSinceTime() > in.rebootDownAfter()) {
            reason = Reason.MASTER_REBOOTED_TOO_LONG_AGO;
        } else {
            reason = Reason.ANSWERING;
        }
        return new Decision(reason != Reason.ANSWERING, reason, silent, recheckAt);
    }
}
