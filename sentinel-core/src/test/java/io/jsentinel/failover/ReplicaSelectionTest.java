package io.jsentinel.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.failover.ReplicaSelection.Rejection;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.Timers;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protocol doc §6.3, line by line. now = 1000000, ping period 1000, info period 10000, down-after 30000; the
 * master is SDOWN since 990000 unless the case says otherwise, so INFO must be at most 5000 old and the
 * master link may have been down for at most 10000 + 10 x 30000 = 310000 ms.
 */
class ReplicaSelectionTest {
    private static final long NOW = 1_000_000;

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                         , flags  , disc  , lastAvail , prio , info   , linkDown , masterUp , rejection
            healthy replica                                , -      , false , 999000    , 100  , 999000 , 0        , false    ,
            SDOWN replica                                  , SDOWN  , false , 999000    , 100  , 999000 , 0        , false    , DOWN
            ODOWN flag set                                 , ODOWN  , false , 999000    , 100  , 999000 , 0        , false    , DOWN
            disconnected                                   , -      , true  , 999000    , 100  , 999000 , 0        , false    , DISCONNECTED
            last valid PING reply 5001 ms ago              , -      , false , 994999    , 100  , 999000 , 0        , false    , NO_RECENT_PING_REPLY
            last valid PING reply exactly 5000 ms ago      , -      , false , 995000    , 100  , 999000 , 0        , false    ,
            priority 0 is never promoted                   , -      , false , 999000    , 0    , 999000 , 0        , false    , PRIORITY_ZERO
            master SDOWN: INFO 5001 ms old is too old      , -      , false , 999000    , 100  , 994999 , 0        , false    , INFO_TOO_OLD
            master up: INFO may be 30000 ms old            , -      , false , 999000    , 100  , 970000 , 0        , true     ,
            master up: INFO 30001 ms old is too old        , -      , false , 999000    , 100  , 969999 , 0        , true     , INFO_TOO_OLD
            master link down within SDOWN time + 10 x down , -      , false , 999000    , 100  , 999000 , 310000   , false    ,
            master link down one ms longer                 , -      , false , 999000    , 100  , 999000 , 310001   , false    , MASTER_LINK_DOWN_TOO_LONG
            master up: link down limit is 10 x down-after  , -      , false , 999000    , 100  , 999000 , 300001   , true     , MASTER_LINK_DOWN_TOO_LONG
            """)
    void candidates(String name, String flags, boolean disconnected, long lastAvail, int priority, long info,
                    long linkDown, boolean masterUp, Rejection rejection) {
        Instance master = master(masterUp);
        Instance r = replica(master, "10.0.0.1:1", "aaa", priority, 0);
        if (flags.equals("SDOWN")) {
            r.set(Flags.S_DOWN);
        } else if (flags.equals("ODOWN")) {
            r.set(Flags.O_DOWN);
        }
        r.link.disconnected = disconnected;
        r.link.lastAvailTime = lastAvail;
        r.infoRefresh = info;
        r.masterLinkDownTime = linkDown;
        assertThat(ReplicaSelection.rejection(master, r, NOW, new Timers())).isEqualTo(rejection);
        assertThat(ReplicaSelection.best(master, NOW, new Timers())).isEqualTo(rejection == null ? r : null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                        , replicas (name/priority/offset/runid)          , best
            lower priority wins over a larger offset      , a/10/100/x b/5/1/y                              , b
            same priority: larger offset                  , a/10/100/x b/10/200/y                           , b
            offsets compare unsigned                      , a/10/100/x b/10/-1/y                            , b
            same offset: smaller run id in any case         , a/10/100/BBB b/10/100/aaa                       , b
            unknown run id sorts last                     , a/10/100/? b/10/100/zzz                         , b
            both unknown: the first known stays           , a/10/100/? b/10/100/?                           , a
            """)
    void ordersByPriorityOffsetRunId(String name, String replicas, String best) {
        Instance master = master(false);
        Stream.of(replicas.trim().split("\\s+")).map(s -> s.split("/")).forEach(f ->
                replica(master, f[0], f[3].equals("?") ? null : f[3], Integer.parseInt(f[1]), Long.parseLong(f[2])));
        Instance chosen = ReplicaSelection.best(master, NOW, new Timers());
        assertThat(chosen.name).as(master.slaves.values().stream().map(i -> i.name).collect(Collectors.joining(",")))
                .isEqualTo(best);
    }

    private static Instance master(boolean up) {
        Instance m = new Instance(Flags.MASTER, "mymaster", new Endpoint("127.0.0.1", 6379), null, 0);
        m.downAfterPeriod = 30_000;
        if (!up) {
            m.set(Flags.S_DOWN);
            m.sDownSinceTime = 990_000;
        }
        return m;
    }

    private static Instance replica(Instance master, String name, String runId, int priority, long offset) {
        Instance r = new Instance(Flags.SLAVE, name, new Endpoint("127.0.0.1", 7000 + master.slaves.size()), master, 0);
        r.runId = runId;
        r.slavePriority = priority;
        r.slaveReplOffset = offset;
        r.link.disconnected = false;
        r.link.lastAvailTime = 999_000;
        r.infoRefresh = 999_000;
        master.slaves.put(name, r);
        return r;
    }
}
