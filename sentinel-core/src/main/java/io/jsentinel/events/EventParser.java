package io.jsentinel.events;

import io.jsentinel.Address;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Turns Redis' event text (channel and payload, protocol doc §7) into a typed {@link SentinelEvent}.
 * Never throws: text it cannot read becomes {@link SentinelEvent.Unknown}.
 */
public final class EventParser {
    private EventParser() {
    }

    /**
     * Parses one event.
     *
     * @param type the channel name, e.g. {@code +switch-master}
     * @param message the payload
     * @param masterName the master the event concerns, or null
     * @param wallMillis when it was emitted
     * @param published whether Redis publishes it (false for debug, log-only events)
     */
    public static SentinelEvent parse(String type, String message, String masterName, long wallMillis,
                                      boolean published) {
        EventInfo info = new EventInfo(type, message == null ? "" : message, masterName,
                Instant.ofEpochMilli(wallMillis), published);
        try {
            SentinelEvent e = parse(info);
            return e != null ? e : new SentinelEvent.Unknown(info);
        } catch (RuntimeException e) {
            return new SentinelEvent.Unknown(info);
        }
    }

    private static SentinelEvent parse(EventInfo info) {
        String type = info.type();
        String[] t = info.message().isEmpty() ? new String[0] : info.message().split(" ");
        switch (type) {
            case "+new-epoch":
                return new SentinelEvent.NewEpoch(info, Long.parseLong(t[0]));
            case "+vote-for-leader":
                return new SentinelEvent.VoteForLeader(info, t[0], Long.parseLong(t[1]));
            case "+switch-master":
                return new SentinelEvent.SwitchMaster(info, t[0], address(t[1], t[2]), address(t[3], t[4]));
            case "+tilt":
                return new SentinelEvent.TiltEntered(info);
            case "-tilt":
                return new SentinelEvent.TiltExited(info);
            case "-script-error":
                return new SentinelEvent.ScriptError(info, t[0], Integer.parseInt(t[1]), Integer.parseInt(t[2]));
            case "-script-timeout":
                return new SentinelEvent.ScriptTimeout(info, t[0], Long.parseLong(t[1]));
            case "+script-child", "-script-child":
                return new SentinelEvent.ScriptChild(info);
            default:
                break;
        }
        int[] consumed = new int[1];
        InstanceRef ref = details(t, consumed);
        if (ref == null) {
            return null;
        }
        List<String> extra = Arrays.asList(t).subList(consumed[0], t.length);
        return switch (type) {
            case "+monitor" -> new SentinelEvent.Monitored(info, ref, Integer.parseInt(after(extra, "quorum")));
            case "+set" -> new SentinelEvent.OptionSet(info, ref, extra.get(0),
                    String.join(" ", extra.subList(1, extra.size())));
            case "+sentinel-address-switch" -> new SentinelEvent.SentinelAddressSwitch(info, ref,
                    address(after(extra, "ip"), after(extra, "port")), after(extra, "for"));
            case "+sentinel-address-update" -> new SentinelEvent.SentinelAddressUpdate(info, ref,
                    Integer.parseInt(extra.get(0)));
            case "+role-change", "-role-change" -> new SentinelEvent.RoleChange(info, ref,
                    extra.get(extra.size() - 1));
            case "+odown" -> odown(info, ref, extra);
            case "-cmd-link-reconnection" -> reconnection(info, ref, "cmd", extra);
            case "-pubsub-link-reconnection" -> reconnection(info, ref, "pubsub", extra);
            case "-monitor" -> new SentinelEvent.Unmonitored(info, ref);
            case "+reset-master" -> new SentinelEvent.MasterReset(info, ref);
            case "+slave" -> new SentinelEvent.ReplicaAdded(info, ref);
            case "+sentinel" -> new SentinelEvent.SentinelAdded(info, ref);
            case "+sentinel-invalid-addr" -> new SentinelEvent.SentinelInvalidAddress(info, ref);
            case "+reboot" -> new SentinelEvent.Reboot(info, ref);
            case "+sdown" -> new SentinelEvent.SubjectivelyDown(info, ref);
            case "-sdown" -> new SentinelEvent.SubjectivelyDownEnded(info, ref);
            case "-odown" -> new SentinelEvent.ObjectivelyDownEnded(info, ref);
            case "+try-failover" -> new SentinelEvent.TryFailover(info, ref);
            case "+elected-leader" -> new SentinelEvent.ElectedLeader(info, ref);
            case "+failover-state-select-slave" -> new SentinelEvent.FailoverStateSelectSlave(info, ref);
            case "+selected-slave" -> new SentinelEvent.SelectedSlave(info, ref);
            case "+failover-state-send-slaveof-noone" -> new SentinelEvent.FailoverStateSendSlaveofNoone(info, ref);
            case "+failover-state-wait-promotion" -> new SentinelEvent.FailoverStateWaitPromotion(info, ref);
            case "+promoted-slave" -> new SentinelEvent.PromotedSlave(info, ref);
            case "+failover-state-reconf-slaves" -> new SentinelEvent.FailoverStateReconfSlaves(info, ref);
            case "+slave-reconf-sent" -> new SentinelEvent.SlaveReconfSent(info, ref);
            case "-slave-reconf-sent-timeout" -> new SentinelEvent.SlaveReconfSentTimeout(info, ref);
            case "+slave-reconf-inprog" -> new SentinelEvent.SlaveReconfInprog(info, ref);
            case "+slave-reconf-done" -> new SentinelEvent.SlaveReconfDone(info, ref);
            case "+slave-reconf-sent-be" -> new SentinelEvent.SlaveReconfSentBe(info, ref);
            case "+failover-end-for-timeout" -> new SentinelEvent.FailoverEndForTimeout(info, ref);
            case "+failover-end" -> new SentinelEvent.FailoverEnd(info, ref);
            case "+config-update-from" -> new SentinelEvent.ConfigUpdateFrom(info, ref);
            case "+convert-to-slave" -> new SentinelEvent.ConvertToSlave(info, ref);
            case "+fix-slave-config" -> new SentinelEvent.FixSlaveConfig(info, ref);
            case "-failover-abort-not-elected" -> new SentinelEvent.FailoverAbortNotElected(info, ref);
            case "-failover-abort-no-good-slave" -> new SentinelEvent.FailoverAbortNoGoodSlave(info, ref);
            case "-failover-abort-slave-timeout" -> new SentinelEvent.FailoverAbortSlaveTimeout(info, ref);
            default -> null;
        };
    }

    private static SentinelEvent odown(EventInfo info, InstanceRef ref, List<String> extra) {
        // "#quorum 2/2"
        String[] counts = after(extra, "#quorum").split("/");
        return new SentinelEvent.ObjectivelyDown(info, ref, Integer.parseInt(counts[0]), Integer.parseInt(counts[1]));
    }

    private static SentinelEvent reconnection(EventInfo info, InstanceRef ref, String link, List<String> extra) {
        String reason = String.join(" ", extra);
        return new SentinelEvent.LinkReconnection(info, ref, link, reason.startsWith("#") ? reason.substring(1) : reason);
    }

    /** The token following {@code key}. */
    private static String after(List<String> tokens, String key) {
        int i = tokens.indexOf(key);
        if (i < 0 || i + 1 >= tokens.size()) {
            throw new IllegalArgumentException("no " + key);
        }
        return tokens.get(i + 1);
    }

    /** Reads the details prefix; {@code consumed[0]} gets the number of tokens it used. Null when absent. */
    static InstanceRef details(String[] t, int[] consumed) {
        if (t.length < 4) {
            return null;
        }
        InstanceRef.Kind kind = switch (t[0]) {
            case "master" -> InstanceRef.Kind.MASTER;
            case "slave" -> InstanceRef.Kind.REPLICA;
            case "sentinel" -> InstanceRef.Kind.SENTINEL;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        Address addr = address(t[2], t[3]);
        if (kind == InstanceRef.Kind.MASTER) {
            consumed[0] = 4;
            return new InstanceRef(kind, t[1], addr, t[1], addr);
        }
        if (t.length < 8 || !t[4].equals("@")) {
            return null;
        }
        consumed[0] = 8;
        return new InstanceRef(kind, t[1], addr, t[5], address(t[6], t[7]));
    }

    private static Address address(String host, String port) {
        return new Address(host, Integer.parseInt(port));
    }
}
