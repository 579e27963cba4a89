package io.jsentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.detect.SubjectiveDownRule.Input;
import io.jsentinel.detect.SubjectiveDownRule.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protocol doc §5.1 and §11.2, line by line. down-after 5000, info-period 10000, now 100000 throughout;
 * a reboot-down-after of 0 means the setting is off (the rebooting flag is never set then).
 */
class SubjectiveDownRuleTest {
    private static final long NOW = 100_000;

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                              , actPing , disc  , lastAvail , master , replicaRole , roleAt , reboot , rebootAt , rebootAfter , down  , reason                       , silent , recheck
            PING answered and link up                              , 0       , false , 99000     , true   , false       , 0      , false  , 0        , 0           , false , ANSWERING                    , 0      , -1
            PING pending 4 s: re-check when it runs out , 96000   , false , 90000     , true   , false       , 0      , false  , 0        , 0           , false , ANSWERING                    , 4000   , 101001
            PING pending exactly down-after is not down         , 95000   , false , 90000     , true   , false       , 0      , false  , 0        , 0           , false , ANSWERING                    , 5000   , 100001
            PING pending one ms over down-after                 , 94999   , false , 90000     , false  , false       , 0      , false  , 0        , 0           , true  , NO_VALID_REPLY               , 5001   , -1
            disconnected and no PING pending: from last reply, 0      , true  , 94000     , false  , false       , 0      , false  , 0        , 0           , true  , NO_VALID_REPLY               , 6000   , -1
            pending PING wins over the last reply time          , 99000   , true  , 10000     , true   , false       , 0      , false  , 0        , 0           , false , ANSWERING                    , 1000   , 104001
            connected and no PING pending: never silent  , 0       , false , 0         , true   , false       , 0      , false  , 0        , 0           , false , ANSWERING                    , 0      , -1
            master reporting replica for down-after + 2 info    , 0       , false , 99000     , true   , true        , 74999  , false  , 0        , 0           , true  , MASTER_REPORTS_REPLICA_ROLE  , 0      , -1
            master reporting replica just within the limit      , 0       , false , 99000     , true   , true        , 75000  , false  , 0        , 0           , false , ANSWERING                    , 0      , -1
            a replica reporting replica is fine                 , 0       , false , 99000     , false  , true        , 0      , false  , 0        , 0           , false , ANSWERING                    , 0      , -1
            rebooted master past reboot-down-after              , 0       , false , 99000     , true   , false       , 0      , true   , 69999    , 30000       , true  , MASTER_REBOOTED_TOO_LONG_AGO , 0      , -1
            rebooted master within reboot-down-after            , 0       , false , 99000     , true   , false       , 0      , true   , 70000    , 30000       , false , ANSWERING                    , 0      , -1
            silence is reported before the role rule            , 90000   , false , 0         , true   , true        , 0      , true   , 0        , 1           , true  , NO_VALID_REPLY               , 10000  , -1
            """)
    void decides(String name, long actPing, boolean disconnected, long lastAvail, boolean master, boolean replicaRole,
                 long roleAt, boolean rebooting, long rebootAt, long rebootAfter, boolean down, Reason reason,
                 long silent, long recheck) {
        Input in = new Input(NOW, 5000, actPing, disconnected, lastAvail, master, replicaRole, roleAt, 10_000,
                rebooting, rebootAt, rebootAfter);
        SubjectiveDownRule.Decision d = SubjectiveDownRule.decide(in);
        assertThat(d.down()).isEqualTo(down);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.silentFor()).isEqualTo(silent);
        assertThat(d.recheckAt()).isEqualTo(recheck);
    }
}
