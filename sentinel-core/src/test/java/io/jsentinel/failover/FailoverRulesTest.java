package io.jsentinel.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.failover.FailoverRules.StartReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Protocol doc §5.6, §6.2, §6.5, §6.6, line by line; failover-timeout 60000 unless a column says otherwise. */
class FailoverRulesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                              , odown , inProgress , now    , odownSince , stagger , lastAttempt , reason                      , retryAt
            not ODOWN                                           , false , false      , 500000 , 0          , 0       , 0           , NOT_ODOWN                   , 0
            a failover is already running                       , true  , true       , 500000 , 0          , 0       , 0           , ALREADY_IN_PROGRESS         , 0
            second in rank waits its stagger                    , true  , false      , 500249 , 500000     , 250     , 0           , STAGGERED                   , 0
            stagger over                                        , true  , false      , 500250 , 500000     , 250     , 0           , START                       , 0
            last attempt less than 2 x failover-timeout ago     , true  , false      , 500000 , 400000     , 0       , 380001      , TOO_SOON_AFTER_LAST_ATTEMPT , 500001
            exactly 2 x failover-timeout after the last attempt , true  , false      , 500000 , 400000     , 0       , 380000      , START                       , 0
            a vote for a peer moved the start time ahead        , true  , false      , 500000 , 400000     , 0       , 500700      , TOO_SOON_AFTER_LAST_ATTEMPT , 620700
            """)
    void startsOnlyWhenOdownAndNotTooSoon(String name, boolean odown, boolean inProgress, long now, long odownSince,
                                          long stagger, long lastAttempt, StartReason reason, long retryAt) {
        FailoverRules.StartDecision d = FailoverRules.mayStart(odown, inProgress, now, odownSince, stagger,
                lastAttempt, 60_000);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.start()).isEqualTo(reason == StartReason.START);
        assertThat(d.retryAt()).isEqualTo(retryAt);
    }

    @ParameterizedTest(name = "rank {0} waits {1} ms")
    @CsvSource({"0, 0", "1, 250", "4, 1000"})
    void staggersBySmallerRunIds(int rank, long delay) {
        assertThat(FailoverRules.stagger(rank)).isEqualTo(delay);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                                 , now   , start , election , failoverTimeout , timedOut
            within the 10 s election timeout                       , 20000 , 10000 , 10000    , 180000          , false
            one ms past the election timeout                       , 20001 , 10000 , 10000    , 180000          , true
            a short failover-timeout bounds the election           , 13001 , 10000 , 10000    , 3000            , true
            start time in the future (vote jitter): not timed out  , 10000 , 10999 , 10000    , 180000          , false
            """)
    void electionWaitsAtMostTheSmallerTimeout(String name, long now, long start, long election, long failoverTimeout,
                                              boolean timedOut) {
        assertThat(FailoverRules.electionTimedOut(now, start, election, failoverTimeout)).isEqualTo(timedOut);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                     , now    , changed , timedOut
            promotion still within failover-timeout    , 50000  , 10000   , false
            exactly failover-timeout is not over       , 70000  , 10000   , false
            one ms over                                , 70001  , 10000   , true
            """)
    void waitingStatesGetFailoverTimeout(String name, long now, long changed, boolean timedOut) {
        assertThat(FailoverRules.stateTimedOut(now, changed, 60_000)).isEqualTo(timedOut);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                 , now   , sent  , timedOut
            replica syncing for 10 s exactly       , 20000 , 10000 , false
            no progress for 10 s and one ms        , 20001 , 10000 , true
            """)
    void replicaReconfigurationGivesUpAfterTenSeconds(String name, long now, long sent, boolean timedOut) {
        assertThat(FailoverRules.replicaReconfTimedOut(now, sent, 10_000)).isEqualTo(timedOut);
    }
}
