package io.jsentinel.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private static final String M = "master mymaster 127.0.0.1 6379";
    private static final String R = "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379";
    private static final String P = "sentinel 0123456789012345678901234567890123456789 127.0.0.1 26380 @ mymaster 127.0.0.1 6379";

    private static SentinelEvent parse(String type, String message) {
        return EventParser.parse(type, message, "mymaster", 1_000, true);
    }

    @Test
    void switchMasterCarriesBothAddresses() {
        SentinelEvent e = parse("+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380");
        assertThat(e).isEqualTo(new SentinelEvent.SwitchMaster(e.info(), "mymaster",
                new Address("127.0.0.1", 6379), new Address("127.0.0.1", 6380)));
        assertThat(e.type()).isEqualTo("+switch-master");
        assertThat(e.time().toEpochMilli()).isEqualTo(1_000);
    }

    @Test
    void replicaDetailsAreParsedWithTheirMaster() {
        SentinelEvent e = parse("+sdown", R);
        assertThat(e).isInstanceOf(SentinelEvent.SubjectivelyDown.class);
        InstanceRef ref = ((SentinelEvent.InstanceEvent) e).instance();
        assertThat(ref.kind()).isEqualTo(InstanceRef.Kind.REPLICA);
        assertThat(ref.name()).isEqualTo("127.0.0.1:6380");
        assertThat(ref.address()).isEqualTo(new Address("127.0.0.1", 6380));
        assertThat(ref.master()).isEqualTo("mymaster");
        assertThat(ref.masterAddress()).isEqualTo(new Address("127.0.0.1", 6379));
        assertThat(ref.toString()).isEqualTo(R);
    }

    @Test
    void eventsWithExtraFields() {
        assertThat(parse("+odown", M + " #quorum 2/3"))
                .isEqualTo(new SentinelEvent.ObjectivelyDown(info("+odown", M + " #quorum 2/3"), master(), 2, 3));
        assertThat(parse("+monitor", M + " quorum 2")).isInstanceOfSatisfying(SentinelEvent.Monitored.class,
                m -> assertThat(m.quorum()).isEqualTo(2));
        assertThat(parse("+set", M + " down-after-milliseconds 1000")).isInstanceOfSatisfying(
                SentinelEvent.OptionSet.class, s -> {
                    assertThat(s.option()).isEqualTo("down-after-milliseconds");
                    assertThat(s.value()).isEqualTo("1000");
                });
        assertThat(parse("+new-epoch", "7")).isInstanceOfSatisfying(SentinelEvent.NewEpoch.class,
                n -> assertThat(n.epoch()).isEqualTo(7));
        assertThat(parse("+vote-for-leader", "abc 7")).isInstanceOfSatisfying(SentinelEvent.VoteForLeader.class,
                v -> assertThat(v.leaderRunId()).isEqualTo("abc"));
        assertThat(parse("+sentinel-address-switch", M + " ip 10.0.0.1 port 26381 for abc"))
                .isInstanceOfSatisfying(SentinelEvent.SentinelAddressSwitch.class, s -> {
                    assertThat(s.newAddress()).isEqualTo(new Address("10.0.0.1", 26381));
                    assertThat(s.runId()).isEqualTo("abc");
                });
        assertThat(parse("-role-change", R + " new reported role is master"))
                .isInstanceOfSatisfying(SentinelEvent.RoleChange.class, r -> assertThat(r.reportedRole()).isEqualTo("master"));
        assertThat(parse("-cmd-link-reconnection", P + " #Connection refused"))
                .isInstanceOfSatisfying(SentinelEvent.LinkReconnection.class, l -> {
                    assertThat(l.link()).isEqualTo("cmd");
                    assertThat(l.reason()).isEqualTo("Connection refused");
                    assertThat(l.instance().kind()).isEqualTo(InstanceRef.Kind.SENTINEL);
                });
        assertThat(parse("-script-error", "/bin/x.sh 0 2")).isInstanceOfSatisfying(SentinelEvent.ScriptError.class,
                s -> assertThat(s.exitCode()).isEqualTo(2));
    }

    @ParameterizedTest
    @CsvSource({
        "+monitor,M quorum 2,Monitored", "-monitor,M,Unmonitored", "+reset-master,M,MasterReset", "+slave,R,ReplicaAdded",
        "+sentinel,P,SentinelAdded", "+sentinel-invalid-addr,P,SentinelInvalidAddress", "+reboot,R,Reboot",
        "+sdown,P,SubjectivelyDown", "-sdown,M,SubjectivelyDownEnded", "-odown,M,ObjectivelyDownEnded",
        "+try-failover,M,TryFailover", "+elected-leader,M,ElectedLeader",
        "-failover-abort-not-elected,M,FailoverAbortNotElected",
        "+failover-state-select-slave,M,FailoverStateSelectSlave",
        "-failover-abort-no-good-slave,M,FailoverAbortNoGoodSlave", "+selected-slave,R,SelectedSlave",
        "+failover-state-send-slaveof-noone,R,FailoverStateSendSlaveofNoone",
        "+failover-state-wait-promotion,R,FailoverStateWaitPromotion",
        "-failover-abort-slave-timeout,M,FailoverAbortSlaveTimeout", "+promoted-slave,R,PromotedSlave",
        "+failover-state-reconf-slaves,M,FailoverStateReconfSlaves", "+slave-reconf-sent,R,SlaveReconfSent",
        "-slave-reconf-sent-timeout,R,SlaveReconfSentTimeout", "+slave-reconf-inprog,R,SlaveReconfInprog",
        "+slave-reconf-done,R,SlaveReconfDone", "+slave-reconf-sent-be,R,SlaveReconfSentBe",
        "+failover-end-for-timeout,M,FailoverEndForTimeout", "+failover-end,M,FailoverEnd",
        "+config-update-from,P,ConfigUpdateFrom", "+convert-to-slave,R,ConvertToSlave",
        "+fix-slave-config,R,FixSlaveConfig", "+tilt,#tilt mode entered,TiltEntered",
        "-tilt,#tilt mode exited,TiltExited", "+sentinel-address-update,P 2 additional matching instances,SentinelAddressUpdate",
        "-script-timeout,/x.sh 42,ScriptTimeout", "+script-child,42,ScriptChild",
        "-pubsub-link-reconnection,R #closed,LinkReconnection", "+role-change,M new reported role is slave,RoleChange",
    })
    void everyKindHasItsRecord(String type, String message, String record) {
        String text = message.replaceFirst("^M\\b", M).replaceFirst("^R\\b", R).replaceFirst("^P\\b", P);
        SentinelEvent e = parse(type, text);
        assertThat(e.getClass().getSimpleName()).isEqualTo(record);
        assertThat(e.message()).isEqualTo(text);
        if (type.contains("abort")) {
            assertThat(e).isInstanceOf(SentinelEvent.FailoverAbort.class);
        }
    }

    @ParameterizedTest
    @CsvSource(value = {"+future-event|anything", "+sdown|garbage", "+switch-master|mymaster 1.2.3.4",
        "+odown|master m 1.2.3.4 x", "+new-epoch|", "+slave|slave a b c @ m"}, delimiter = '|')
    void unreadableTextBecomesUnknown(String type, String message) {
        SentinelEvent e = parse(type, message);
        assertThat(e).isInstanceOf(SentinelEvent.Unknown.class);
        assertThat(e.type()).isEqualTo(type);
    }

    private static EventInfo info(String type, String msg) {
        return new EventInfo(type, msg, "mymaster", java.time.Instant.ofEpochMilli(1_000), true);
    }

    private static InstanceRef master() {
        Address a = new Address("127.0.0.1", 6379);
        return new InstanceRef(InstanceRef.Kind.MASTER, "mymaster", a, "mymaster", a);
    }
}
