package io.jsentinel.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.events.Address;
import io.jsentinel.events.SentinelEvent.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of event renders Redis' exact channel and payload. The expected texts are redis-sentinel 7.0's
 * (captured from real sentinels), except jsentinel's alarms; a new kind without a rendering and an expectation here
 * fails.
 */
class EventTextTest {
    private static final EventInfo INFO = new EventInfo(EventLevel.WARNING, "mymaster", Instant.ofEpochMilli(1_000));
    private static final Address MASTER_ADDR = new Address("127.0.0.1", 6379);
    private static final InstanceRef MASTER = new InstanceRef(InstanceRef.Kind.MASTER, "mymaster", MASTER_ADDR,
            "mymaster", MASTER_ADDR);
    private static final InstanceRef REPLICA = new InstanceRef(InstanceRef.Kind.REPLICA, "127.0.0.1:6380",
            new Address("127.0.0.1", 6380), "mymaster", MASTER_ADDR);
    private static final InstanceRef PEER = new InstanceRef(InstanceRef.Kind.SENTINEL,
            "0123456789012345678901234567890123456789", new Address("127.0.0.1", 26380), "mymaster", MASTER_ADDR);
    private static final String M = "master mymaster 127.0.0.1 6379";
    private static final String R = "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379";
    private static final String P = "sentinel 0123456789012345678901234567890123456789 127.0.0.1 26380 @ mymaster 127.0.0.1 6379";

    /** Each event with the channel and payload redis-sentinel gives it. */
    static Stream<Arguments> redisTexts() {
        return Stream.of(
                text(new Monitored(INFO, MASTER, 2), "+monitor", M + " quorum 2"),
                text(new Unmonitored(INFO, MASTER), "-monitor", M),
                text(new OptionSet(INFO, MASTER, "down-after-milliseconds", "1000"), "+set",
                        M + " down-after-milliseconds 1000"),
                text(new OptionSet(INFO, MASTER, "auth-pass", "******"), "+set", M + " auth-pass ******"),
                text(new OptionSet(INFO, MASTER, "rename-command", "CONFIG MYCONFIG"), "+set",
                        M + " rename-command CONFIG MYCONFIG"),
                text(new OptionSet(INFO, MASTER, "notification-script", ""), "+set", M + " notification-script "),
                text(new MasterReset(INFO, MASTER), "+reset-master", M),
                text(new SentinelAddressSwitch(INFO, MASTER, new Address("10.0.0.1", 26381), "abc"),
                        "+sentinel-address-switch", M + " ip 10.0.0.1 port 26381 for abc"),
                text(new SentinelAddressUpdate(INFO, PEER, 2), "+sentinel-address-update",
                        P + " 2 additional matching instances"),
                text(new SentinelAdded(INFO, PEER), "+sentinel", P),
                text(new SentinelInvalidAddress(INFO, PEER), "+sentinel-invalid-addr", P),
                text(new ReplicaAdded(INFO, REPLICA), "+slave", R),
                text(new SentinelForgotten(INFO, PEER), "-sentinel", P),
                text(new ReplicaForgotten(INFO, REPLICA), "-slave", R),
                text(new Reboot(INFO, REPLICA), "+reboot", R),
                text(new RoleChange(INFO, REPLICA, "master"), "-role-change", R + " new reported role is master"),
                text(new RoleChange(INFO, REPLICA, "slave"), "+role-change", R + " new reported role is slave"),
                text(new RoleChange(INFO, MASTER, "master"), "+role-change", M + " new reported role is master"),
                text(new RoleChange(INFO, MASTER, "slave"), "-role-change", M + " new reported role is slave"),
                text(new SubjectivelyDown(INFO, PEER), "+sdown", P),
                text(new SubjectivelyDown(INFO, REPLICA), "+sdown", R),
                text(new SubjectivelyDownEnded(INFO, MASTER), "-sdown", M),
                text(new ObjectivelyDown(INFO, MASTER, 2, 3), "+odown", M + " #quorum 2/3"),
                text(new ObjectivelyDownEnded(INFO, MASTER), "-odown", M),
                text(new NewEpoch(INFO, 7), "+new-epoch", "7"),
                text(new VoteForLeader(INFO, "abc", 7), "+vote-for-leader", "abc 7"),
                text(new TryFailover(INFO, MASTER), "+try-failover", M),
                text(new ElectedLeader(INFO, MASTER), "+elected-leader", M),
                text(new FailoverStateSelectSlave(INFO, MASTER), "+failover-state-select-slave", M),
                text(new SelectedSlave(INFO, REPLICA), "+selected-slave", R),
                text(new FailoverStateSendSlaveofNoone(INFO, REPLICA), "+failover-state-send-slaveof-noone", R),
                text(new FailoverStateWaitPromotion(INFO, REPLICA), "+failover-state-wait-promotion", R),
                text(new PromotedSlave(INFO, REPLICA), "+promoted-slave", R),
                text(new FailoverStateReconfSlaves(INFO, MASTER), "+failover-state-reconf-slaves", M),
                text(new SlaveReconfSent(INFO, REPLICA), "+slave-reconf-sent", R),
                text(new SlaveReconfSentTimeout(INFO, REPLICA), "-slave-reconf-sent-timeout", R),
                text(new SlaveReconfInprog(INFO, REPLICA), "+slave-reconf-inprog", R),
                text(new SlaveReconfDone(INFO, REPLICA), "+slave-reconf-done", R),
                text(new SlaveReconfSentBe(INFO, REPLICA), "+slave-reconf-sent-be", R),
                text(new FailoverEndForTimeout(INFO, MASTER), "+failover-end-for-timeout", M),
                text(new FailoverEnd(INFO, MASTER), "+failover-end", M),
                text(new SwitchMaster(INFO, "mymaster", MASTER_ADDR, new Address("127.0.0.1", 6380)),
                        "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380"),
                text(new ConfigUpdateFrom(INFO, PEER), "+config-update-from", P),
                text(new ConvertToSlave(INFO, REPLICA), "+convert-to-slave", R),
                text(new FixSlaveConfig(INFO, REPLICA), "+fix-slave-config", R),
                text(new FailoverAbortNotElected(INFO, MASTER), "-failover-abort-not-elected", M),
                text(new FailoverAbortNoGoodSlave(INFO, MASTER), "-failover-abort-no-good-slave", M),
                text(new FailoverAbortSlaveTimeout(INFO, MASTER), "-failover-abort-slave-timeout", M),
                text(new FailoverAbortMasterTimeout(INFO, MASTER), "-failover-abort-master-timeout", M),
                text(new FailoverAbortRefused(INFO, MASTER, "NOPERM this user has no permissions to run the 'failover' command"),
                        "-failover-abort-refused", M + " #NOPERM this user has no permissions to run the 'failover' command"),
                text(new TiltEntered(INFO), "+tilt", "#tilt mode entered"),
                text(new TiltExited(INFO), "-tilt", "#tilt mode exited"),
                text(new ScriptError(INFO, "/bin/x.sh", 0, 2), "-script-error", "/bin/x.sh 0 2"),
                text(new ScriptError(INFO, "/bin/x.sh", 9, 0), "-script-error", "/bin/x.sh 9 0"),
                text(new ScriptTimeout(INFO, "/x.sh", 42), "-script-timeout", "/x.sh 42"),
                text(ScriptChild.started(INFO, 42), "+script-child", "42"),
                text(ScriptChild.exited(INFO, 42, 1, 0), "-script-child", "42 1 0"),
                text(new LinkReconnection(INFO, PEER, "cmd", "Connection refused"), "-cmd-link-reconnection",
                        P + " #Connection refused"),
                text(new LinkReconnection(INFO, REPLICA, "pubsub", "closed"), "-pubsub-link-reconnection",
                        R + " #closed"));
    }

    /** jsentinel's alarms (docs/churn.md, "Alarms"): Redis has no text for them. */
    static Stream<Arguments> alarmTexts() {
        String oldId = "1".repeat(40);
        String newId = "2".repeat(40);
        return Stream.of(
                text(new MisconfigMasterAddress(INFO, PEER, new Address("10.0.0.9", 6379), 3, 4),
                        "+misconfig-master-address", P + " #announces 10.0.0.9 6379 config-epoch 3, ours 4"),
                text(new MisconfigQuorum(INFO, PEER, 3, 2), "+misconfig-quorum", P + " #quorum 3, ours 2"),
                text(new MisconfigClock(INFO, PEER, -7312, 2), "+misconfig-clock",
                        P + " #clock offset -7312 ms, rtt 2 ms"),
                text(new InstanceReplaced(INFO, REPLICA, oldId, newId, 86400, 3012), "+instance-replaced",
                        R + " #run_id " + oldId + " -> " + newId + ", up 86400 s, old run_id last heard 3012 ms before"),
                text(new InstanceReplaced(INFO, MASTER, oldId, newId, 60, 0), "+instance-replaced",
                        M + " #run_id " + oldId + " -> " + newId + ", up 60 s, old run_id last heard 0 ms before"),
                text(new AlarmEnded(INFO, PEER, AlarmKind.MASTER_ADDRESS), "-misconfig-master-address", P),
                text(new AlarmEnded(INFO, PEER, AlarmKind.QUORUM), "-misconfig-quorum", P),
                text(new AlarmEnded(INFO, PEER, AlarmKind.CLOCK), "-misconfig-clock", P),
                text(new AlarmEnded(INFO, REPLICA, AlarmKind.INSTANCE_REPLACED), "-instance-replaced", R));
    }

    @ParameterizedTest
    @MethodSource("alarmTexts")
    void rendersAlarmText(SentinelEvent event, String type, String message) {
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.message()).isEqualTo(message);
        if (event instanceof Alarm a) {
            assertThat(type).isEqualTo("+" + a.kind().channel());
        }
    }

    /** An alarm's channel must never be one a subscriber already knows from Redis. */
    @Test
    void alarmChannelsAreNoneOfRedis() {
        Set<String> redis = new LinkedHashSet<>();
        redisTexts().forEach(a -> redis.add(((String) a.get()[1]).substring(1)));
        for (AlarmKind k : AlarmKind.values()) {
            assertThat(redis).doesNotContain(k.channel());
        }
        assertThat(alarmTexts().map(a -> (String) a.get()[1])).doesNotContainAnyElementsOf(
                redisTexts().map(a -> (String) a.get()[1]).toList());
    }

    private static Arguments text(SentinelEvent event, String type, String message) {
        return Arguments.of(event, type, message);
    }

    @ParameterizedTest
    @MethodSource("redisTexts")
    void rendersRedisText(SentinelEvent event, String type, String message) {
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.message()).isEqualTo(message);
        if (type.contains("-failover-abort-")) {
            assertThat(event).isInstanceOf(FailoverAbort.class);
        }
    }

    @Test
    void everyKindOfEventHasAnExpectedText() {
        Set<Class<?>> covered = new LinkedHashSet<>();
        Stream.concat(redisTexts(), alarmTexts()).forEach(a -> covered.add(a.get()[0].getClass()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(kinds(SentinelEvent.class));
    }

    @Test
    void detailsAreRedisInstanceText() {
        assertThat(MASTER.toString()).isEqualTo(M);
        assertThat(REPLICA.toString()).isEqualTo(R);
        assertThat(PEER.toString()).isEqualTo(P);
    }

    @Test
    void onlyDebugEventsAreLogOnly() {
        for (EventLevel level : EventLevel.values()) {
            EventInfo info = new EventInfo(level, null, Instant.EPOCH);
            assertThat(new TiltEntered(info).info().published()).isEqualTo(level != EventLevel.DEBUG);
        }
    }

    /** The records a sealed type permits, through its sealed sub-interfaces. */
    private static List<Class<?>> kinds(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c.isSealed()) {
                out.addAll(kinds(c));
            } else {
                out.add(c);
            }
        }
        return out;
    }
}
