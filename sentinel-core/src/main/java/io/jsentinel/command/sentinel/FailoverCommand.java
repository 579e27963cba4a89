package io.jsentinel.command.sentinel;

import io.jsentinel.command.Errors;
import io.jsentinel.detect.Detector;
import io.jsentinel.failover.Failover;
import io.jsentinel.link.InfoReport.NodeFailover;
import io.jsentinel.resp.RespValue;
import io.jsentinel.state.Announcer;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SENTINEL FAILOVER}: Redis 7.0's forced failover, unchanged, and the coordinated switchover (Valkey 9's
 * {@code COORDINATED}, with jsentinel's {@code TO <ip> <port>}; docs/switchover.md).
 */
final class FailoverCommand {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelCommands.class);

    private final SentinelState state;
    private final Announcer announcer;
    private final Detector detector;
    private final Failover failover;

    FailoverCommand(SentinelState state, Announcer announcer, Detector detector, Failover failover) {
        this.state = state;
        this.announcer = announcer;
        this.detector = detector;
        this.failover = failover;
    }

    /** {@code SENTINEL FAILOVER <name> [COORDINATED [TO <ip> <port>]]}; the plain form is Redis 7.0's exactly. */
    /** {@code SENTINEL FAILOVER <name> [COORDINATED [TO <ip> <port>] [TIMEOUT <ms>]]}. */
    RespValue execute(List<String> a) {
        String name = a.get(2);
        if (a.size() == 3) {
            return start(name, false, null, 0, 0);
        }
        if (!a.get(3).equalsIgnoreCase("coordinated")) {
            return optionError(name, Errors.UNKNOWN_FAILOVER_OPTION);
        }
        String host = null;
        long port = 0;
        long timeout = 0;
        for (int i = 4; i < a.size(); i++) {
            if (a.get(i).equalsIgnoreCase("to") && host == null && i + 2 < a.size()) {
                host = a.get(i + 1);
                Long p = SentinelCommands.parseLong(a.get(i + 2));
                if (p == null || p < 0 || p > 65535) {
                    return optionError(name, Errors.NOT_INTEGER);
                }
                port = p;
                i += 2;
            } else if (a.get(i).equalsIgnoreCase("timeout") && timeout == 0 && i + 1 < a.size()) {
                Long t = SentinelCommands.parseLong(a.get(i + 1));
                if (t == null || t <= 0) {
                    return optionError(name, Errors.NOT_INTEGER);
                }
                timeout = t;
                i += 1;
            } else {
                return optionError(name, Errors.UNKNOWN_FAILOVER_OPTION);
            }
        }
        return start(name, true, host, (int) port, timeout);
    }

    /** An option error for a known master; an unknown one is reported first, as Valkey checks the name first. */
    private RespValue optionError(String name, String error) {
        return state.masters.get(name) == null ? SentinelCommands.noSuchMaster() : SentinelCommands.err(error);
    }

    /**
     * Starts a failover of {@code name}: Redis 7.0's forced one, or a coordinated switchover (elected, then the
     * primary hands over without losing writes) to the replica at {@code targetHost}:{@code targetPort} (null: the
     * best), the primary pausing writes for at most {@code pauseMillis} (0: what is left of failover-timeout).
     * Returns OK or the error, in Valkey 9's order.
     */
    RespValue start(String name, boolean coordinatedSwitchover, String targetHost, int targetPort, long pauseMillis) {
        Instance m = state.masters.get(name);
        if (m == null) {
            return SentinelCommands.noSuchMaster();
        }
        if (coordinatedSwitchover && m.nodeFailover == NodeFailover.NOT_REPORTED) {
            return SentinelCommands.err(Errors.PRIMARY_CANNOT_FAILOVER);
        }
        // a coordinated switchover also waits for one the primary is running for someone else (another sentinel)
        if (m.is(Flags.FAILOVER_IN_PROGRESS)
                || (coordinatedSwitchover && m.nodeFailover == NodeFailover.IN_PROGRESS)) {
            return SentinelCommands.err(Errors.FAILOVER_IN_PROGRESS);
        }
        Instance target = null;
        if (targetHost != null) {
            for (Instance s : m.slaves.values()) {
                if (s.addr.port() == targetPort && (s.addr.host().equalsIgnoreCase(targetHost)
                        || announcer.host(s.addr).equalsIgnoreCase(targetHost))) {
                    target = s;
                }
            }
            if (target == null) {
                return SentinelCommands.err(Errors.NO_SUCH_REPLICA);
            }
        }
        if (target != null ? !failover.isCandidate(m, target, coordinatedSwitchover)
                : failover.selectReplica(m, coordinatedSwitchover) == null) {
            return SentinelCommands.err(Errors.NO_GOOD_REPLICA);
        }
        LOG.warn("Executing user requested FAILOVER of '{}'", m.name);
        if (coordinatedSwitchover) {
            failover.startCoordinated(m, target, pauseMillis);
            detector.askMasterStateToOtherSentinels(m, true);
        } else {
            failover.startFailover(m);
            m.set(Flags.FORCE_FAILOVER);
        }
        return RespValue.OK;
    }
}
