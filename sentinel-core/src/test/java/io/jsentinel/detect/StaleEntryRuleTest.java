package io.jsentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.detect.StaleEntryRule.LiveRecord;
import io.jsentinel.detect.StaleEntryRule.Reason;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.Timers;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/churn.md, the forgetting rule. Forget-after 60000 unless a column says otherwise; now 1000000; Redis' timers
 * (publish 2000, ping 1000, info 10000); the master answered 500 ms ago, INFO 5 s ago, down-after 30000.
 */
class StaleEntryRuleTest {
    private static final long NOW = 1_000_000;

    private static Instance master(int quorum) {
        Instance m = new Instance(Flags.MASTER, "mymaster", new Endpoint("10.0.0.1", 6379), null, 0);
        m.quorum = quorum;
        m.downAfterPeriod = 30_000;
        m.link.lastAvailTime = NOW - 500;
        m.infoRefresh = NOW - 5000;
        return m;
    }

    /** A peer last heard {@code helloAgo} ms ago, last answering {@code availAgo} ms ago (-1: never). */
    private static Instance peer(Instance m, String id, long helloAgo, long availAgo) {
        Instance p = new Instance(Flags.SENTINEL, id, new Endpoint("10.0.1." + (m.sentinels.size() + 2), 26379), m, 0);
        p.runId = id;
        p.lastHelloTime = helloAgo < 0 ? 0 : NOW - helloAgo;
        p.link.lastAvailTime = availAgo < 0 ? 0 : NOW - availAgo;
        m.sentinels.put(id, p);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                                 , quorum , live , seen , staleHello , staleAvail , refusedAgo , forgetAfter , tilt  , masterFlag , masterAvailAgo , reason
            gone for longer than the period; 2 of 3 alive; q 2 , 2      , 1    , 3    , 70000      , 70000      , -1         , 60000       , false ,            , 500            , STALE
            the rule off                                           , 2      , 1    , 3    , 70000      , 70000      , -1         , 0           , false ,            , 500            , RULE_OFF
            in TILT                                                , 2      , 1    , 3    , 70000      , 70000      , -1         , 60000       , true  ,            , 500            , TILT
            master SDOWN                                           , 2      , 1    , 3    , 70000      , 70000      , -1         , 60000       , false , S_DOWN     , 500            , MASTER_NOT_SETTLED
            master ODOWN                                           , 2      , 1    , 3    , 70000      , 70000      , -1         , 60000       , false , O_DOWN     , 500            , MASTER_NOT_SETTLED
            a failover under way                                   , 2      , 1    , 3    , 70000      , 70000      , -1         , 60000       , false , FAILOVER   , 500            , MASTER_NOT_SETTLED
            master silent longer than down-after                   , 2      , 1    , 3    , 70000      , 70000      , -1         , 60000       , false ,            , 30001          , MASTER_NOT_SETTLED
            a hello within the period                              , 2      , 1    , 3    , 60000      , 70000      , -1         , 60000       , false ,            , 500            , SEEN_RECENTLY
            a PING reply within the period                         , 2      , 1    , 3    , 70000      , 59000      , -1         , 60000       , false ,            , 500            , SEEN_RECENTLY
            its address refused a connection within the period     , 2      , 1    , 3    , 70000      , 70000      , 1000       , 60000       , false ,            , 500            , HOST_STILL_THERE
            refused long ago: the host went away since             , 2      , 1    , 3    , 70000      , 70000      , 60001      , 60000       , false ,            , 500            , STALE
            cut off: this one alone sees fewer than the quorum     , 2      , 0    , 3    , 70000      , 70000      , -1         , 60000       , false ,            , 500            , TOO_FEW_LIVE_SENTINELS
            quorum 2 of 4 ever seen alive together is no majority  , 2      , 1    , 4    , 70000      , 70000      , -1         , 60000       , false ,            , 500            , QUORUM_NOT_A_MAJORITY
            quorum 3 of 5 is                                       , 3      , 2    , 5    , 70000      , 70000      , -1         , 60000       , false ,            , 500            , STALE
            quorum 2 of 5 is not                                   , 2      , 2    , 5    , 70000      , 70000      , -1         , 60000       , false ,            , 500            , QUORUM_NOT_A_MAJORITY
            never measured: nothing to judge by                    , 2      , 1    , 0    , 70000      , 70000      , -1         , 60000       , false ,            , 500            , NOT_MEASURED
            more alive now than ever recorded                      , 2      , 3    , 3    , 70000      , 70000      , -1         , 60000       , false ,            , 500            , QUORUM_NOT_A_MAJORITY
            quorum 1 with three ever seen                          , 1      , 1    , 3    , 70000      , 70000      , -1         , 60000       , false ,            , 500            , QUORUM_NOT_A_MAJORITY
            """)
    void forgetsAPeerOnlyWhereNoMinorityCouldElect(String name, int quorum, int live, int seen, long staleHello,
                                                     long staleAvail, long refusedAgo, long forgetAfter, boolean tilt,
                                                     String masterFlag, long masterAvailAgo, Reason reason) {
        Instance m = master(quorum);
        m.liveSentinelsSeen = seen;
        m.link.lastAvailTime = NOW - masterAvailAgo;
        if (masterFlag != null) {
            m.set(switch (masterFlag) {
                case "S_DOWN" -> Flags.S_DOWN;
                case "O_DOWN" -> Flags.O_DOWN;
                default -> Flags.FAILOVER_IN_PROGRESS;
            });
        }
        for (int i = 0; i < live; i++) {
            peer(m, "live" + i, 500, 300);
        }
        Instance stale = peer(m, "stale", staleHello, staleAvail);
        if (refusedAgo >= 0) {
            stale.link.lastRefusedTime = NOW - refusedAgo;
        }
        assertThat(StaleEntryRule.forPeer(m, stale, NOW, forgetAfter, tilt, new Timers())).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                          , availAgo , listed , promoted , former , infoAgo , reason
            silent for longer than the period; not listed   , 70000    , false  , false    , false  , 5000    , STALE
            answered within the period                      , 50000    , false  , false    , false  , 5000    , SEEN_RECENTLY
            the master still lists it                       , 70000    , true   , false    , false  , 5000    , LISTED_BY_MASTER
            the master's INFO is too old to tell            , 70000    , false  , false    , false  , 20001   , MASTER_NOT_SETTLED
            the replica being promoted                      , 70000    , false  , true     , false  , 5000    , PROMOTED
            an address this master had: an old master       , 70000    , false  , false    , true   , 5000    , FORMER_MASTER
            """)
    void forgetsAReplicaTheMasterNoLongerLists(String name, long availAgo, boolean listed, boolean promoted,
                                               boolean former, long infoAgo, Reason reason) {
        Instance m = master(2);
        m.infoRefresh = NOW - infoAgo;
        Endpoint addr = new Endpoint("10.0.0.7", 6379);
        Instance r = new Instance(Flags.SLAVE, "10.0.0.7:6379", addr, m, 0);
        r.link.lastAvailTime = NOW - availAgo;
        m.slaves.put(r.name, r);
        if (listed) {
            m.listedReplicas = Set.of(addr);
        }
        if (promoted) {
            m.promotedSlave = r;
        }
        if (former) {
            m.formerAddresses.add(addr);
        }
        assertThat(StaleEntryRule.forReplica(m, r, NOW, 60_000, false, new Timers())).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                               , seen , aboveMin , aboveSince , live , now   , newSeen , newMin , newSince
            first look starts the hold too                       , 0    , 0        , 0          , 3    , 1000  , 0       , 3      , 1000
            first count recorded once it held                    , 0    , 3        , 1000       , 3    , 11000 , 3       , 0      , 0
            the same count: nothing pending                      , 3    , 0        , 0          , 3    , 1000  , 3       , 0      , 0
            fewer alive: the record stays                        , 3    , 0        , 0          , 2    , 1000  , 3       , 0      , 0
            one more alive starts the hold                       , 3    , 0        , 0          , 4    , 1000  , 3       , 4      , 1000
            still above within the hold                          , 3    , 4        , 1000       , 5    , 5000  , 3       , 4      , 1000
            a restart's old and new entry overlap; then drop back , 3    , 4        , 1000       , 3    , 2500  , 3       , 0      , 0
            above for the whole hold: the smallest count counts  , 3    , 4        , 1000       , 5    , 11000 , 4       , 0      , 0
            """)
    void recordsTheMostSentinelsSeenAliveTogetherOnlyOnceItHolds(String name, int seen, int aboveMin, long aboveSince,
                                                                  int live, long now, int newSeen, int newMin,
                                                                  long newSince) {
        LiveRecord r = StaleEntryRule.track(new LiveRecord(seen, aboveMin, aboveSince), live, now, 10_000);
        assertThat(r).isEqualTo(new LiveRecord(newSeen, newMin, newSince));
    }
}
