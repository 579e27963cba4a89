package io.jsentinel.events;

import io.jsentinel.events.SentinelEvent.*;
import java.util.Map;

/**
 * Redis' text of an event (protocol doc §7.1): the channel it is published on, and the payload, which
 * starts with the instance details for events about an instance. The one place that knows the texts:
 * pub/sub, the log, notification scripts and listeners all read them from here, and they must stay
 * byte-for-byte those of redis-sentinel 7.0. Kinds redis-sentinel 7.0 does not have (the alarms among them)
 * have texts of jsentinel's own, on channels Redis does not use.
 */
final class EventText {
    /** The channel of every kind whose channel does not depend on its fields. */
    private static final Map<Class<?>, String> CHANNELS = Map.ofEntries(
            Map.entry(Monitored.class, "+monitor"),
            Map.entry(Unmonitored.class, "-monitor"),
            Map.entry(OptionSet.class, "+set"),
            Map.entry(MasterReset.class, "+reset-master"),
            Map.entry(SentinelAddressSwitch.class, "+sentinel-address-switch"),
            Map.entry(SentinelAddressUpdate.class, "+sentinel-address-update"),
            Map.entry(SentinelAdded.class, "+sentinel"),
            Map.entry(SentinelInvalidAddress.class, "+sentinel-invalid-addr"),
            Map.entry(ReplicaAdded.class, "+slave"),
            Map.entry(SentinelForgotten.class, "-sentinel"),
            Map.entry(ReplicaForgotten.class, "-slave"),
            Map.entry(Reboot.class, "+reboot"),
            Map.entry(SubjectivelyDown.class, "+sdown"),
            Map.entry(SubjectivelyDownEnded.class, "-sdown"),
            Map.entry(ObjectivelyDown.class, "+odown"),
            Map.entry(ObjectivelyDownEnded.class, "-odown"),
            Map.entry(NewEpoch.class, "+new-epoch"),
            Map.entry(VoteForLeader.class, "+vote-for-leader"),
            Map.entry(TryFailover.class, "+try-failover"),
            Map.entry(ElectedLeader.class, "+elected-leader"),
            Map.entry(FailoverStateSelectSlave.class, "+failover-state-select-slave"),
            Map.entry(SelectedSlave.class, "+selected-slave"),
            Map.entry(FailoverStateSendSlaveofNoone.class, "+failover-state-send-slaveof-noone"),
            Map.entry(FailoverStateWaitPromotion.class, "+failover-state-wait-promotion"),
            Map.entry(PromotedSlave.class, "+promoted-slave"),
            Map.entry(FailoverStateReconfSlaves.class, "+failover-state-reconf-slaves"),
            Map.entry(SlaveReconfSent.class, "+slave-reconf-sent"),
            Map.entry(SlaveReconfSentTimeout.class, "-slave-reconf-sent-timeout"),
            Map.entry(SlaveReconfInprog.class, "+slave-reconf-inprog"),
            Map.entry(SlaveReconfDone.class, "+slave-reconf-done"),
            Map.entry(SlaveReconfSentBe.class, "+slave-reconf-sent-be"),
            Map.entry(FailoverEndForTimeout.class, "+failover-end-for-timeout"),
            Map.entry(FailoverEnd.class, "+failover-end"),
            Map.entry(SwitchMaster.class, "+switch-master"),
            Map.entry(ConfigUpdateFrom.class, "+config-update-from"),
            Map.entry(ConvertToSlave.class, "+convert-to-slave"),
            Map.entry(FixSlaveConfig.class, "+fix-slave-config"),
            Map.entry(FailoverAbortNotElected.class, "-failover-abort-not-elected"),
            Map.entry(FailoverAbortNoGoodSlave.class, "-failover-abort-no-good-slave"),
            Map.entry(FailoverAbortSlaveTimeout.class, "-failover-abort-slave-timeout"),
            Map.entry(FailoverAbortMasterTimeout.class, "-failover-abort-master-timeout"),
            Map.entry(FailoverAbortRefused.class, "-failover-abort-refused"),
            Map.entry(TiltEntered.class, "+tilt"),
            Map.entry(TiltExited.class, "-tilt"),
            Map.entry(ScriptError.class, "-script-error"),
            Map.entry(ScriptTimeout.class, "-script-timeout"),
            Map.entry(MisconfigMasterAddress.class, "+" + AlarmKind.MASTER_ADDRESS.channel()),
            Map.entry(MisconfigQuorum.class, "+" + AlarmKind.QUORUM.channel()),
            Map.entry(MisconfigClock.class, "+" + AlarmKind.CLOCK.channel()),
            Map.entry(InstanceReplaced.class, "+" + AlarmKind.INSTANCE_REPLACED.channel()));

    private EventText() {
    }

    /** The channel, e.g. {@code +sdown}. */
    static String type(SentinelEvent e) {
        if (e instanceof RoleChange r) {
            return r.agreesWithConfig() ? "+role-change" : "-role-change";
        }
        if (e instanceof ScriptChild c) {
            return c.ended() ? "-script-child" : "+script-child";
        }
        if (e instanceof LinkReconnection l) {
            return "-" + l.link() + "-link-reconnection";
        }
        if (e instanceof AlarmEnded a) {
            return "-" + a.kind().channel();
        }
        String channel = CHANNELS.get(e.getClass());
        if (channel == null) {
            throw new IllegalStateException("no channel for " + e.getClass().getName());
        }
        return channel;
    }

    /** The payload, e.g. {@code master mymaster 127.0.0.1 6379 #quorum 2/2}. */
    static String message(SentinelEvent e) {
        if (e instanceof InstanceEvent ie) {
            String details = details(ie.instance());
            String extra = extra(ie);
            return extra == null ? details : details + " " + extra;
        }
        if (e instanceof NewEpoch n) {
            return Long.toString(n.epoch());
        }
        if (e instanceof VoteForLeader v) {
            return v.leaderRunId() + " " + v.epoch();
        }
        if (e instanceof SwitchMaster s) {
            return s.master() + " " + hostPort(s.oldAddress()) + " " + hostPort(s.newAddress());
        }
        if (e instanceof TiltEntered) {
            return "#tilt mode entered";
        }
        if (e instanceof TiltExited) {
            return "#tilt mode exited";
        }
        if (e instanceof ScriptError s) {
            return s.path() + " " + s.signal() + " " + s.exitCode();
        }
        if (e instanceof ScriptTimeout s) {
            return s.path() + " " + s.pid();
        }
        if (e instanceof ScriptChild c) {
            return c.ended() ? c.pid() + " " + c.exitCode() + " " + c.signal() : Long.toString(c.pid());
        }
        throw new IllegalStateException("no text for " + e.getClass().getName());
    }

    /** What follows the details, or null when only the details are published. */
    private static String extra(InstanceEvent e) {
        if (e instanceof Monitored m) {
            return "quorum " + m.quorum();
        }
        if (e instanceof OptionSet s) {
            return s.option() + " " + s.value();
        }
        if (e instanceof SentinelAddressSwitch s) {
            return "ip " + s.newAddress().host() + " port " + s.newAddress().port() + " for " + s.runId();
        }
        if (e instanceof SentinelAddressUpdate u) {
            return u.additionalMatches() + " additional matching instances";
        }
        if (e instanceof RoleChange r) {
            return "new reported role is " + r.reportedRole();
        }
        if (e instanceof ObjectivelyDown o) {
            return "#quorum " + o.agreeing() + "/" + o.quorum();
        }
        if (e instanceof LinkReconnection l) {
            return "#" + l.reason();
        }
        if (e instanceof FailoverAbortRefused r) {
            return "#" + r.reason();
        }
        if (e instanceof Alarm a) {
            return alarmExtra(a);
        }
        return null;
    }

    /** The alarms' texts are jsentinel's, in Redis' style: after the instance details, what was seen after a #. */
    private static String alarmExtra(Alarm a) {
        if (a instanceof MisconfigMasterAddress m) {
            return "#announces " + hostPort(m.announced()) + " config-epoch " + m.peerConfigEpoch() + ", ours "
                    + m.configEpoch();
        }
        if (a instanceof MisconfigQuorum q) {
            return "#quorum " + q.peerQuorum() + ", ours " + q.quorum();
        }
        if (a instanceof MisconfigClock c) {
            return "#clock offset " + c.offsetMillis() + " ms, rtt " + c.rttMillis() + " ms";
        }
        if (a instanceof InstanceReplaced r) {
            return "#run_id " + r.oldRunId() + " -> " + r.newRunId() + ", up " + r.uptimeSeconds()
                    + " s, old run_id last heard " + r.unheardMillis() + " ms before";
        }
        throw new IllegalStateException("no text for " + a.getClass().getName());
    }

    /**
     * Redis' details of an instance: {@code master <name> <ip> <port>}, or for replicas and peers
     * {@code <slave|sentinel> <name> <ip> <port> @ <master> <ip> <port>}.
     */
    static String details(InstanceRef ref) {
        String kind = switch (ref.kind()) {
            case MASTER -> "master";
            case REPLICA -> "slave";
            case SENTINEL -> "sentinel";
        };
        String base = kind + " " + ref.name() + " " + hostPort(ref.address());
        return ref.kind() == InstanceRef.Kind.MASTER ? base : base + " @ " + ref.master() + " "
                + hostPort(ref.masterAddress());
    }

    private static String hostPort(Address a) {
        return a.host() + " " + a.port();
    }
}
