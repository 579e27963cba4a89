package io.jsentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.detect.ObjectiveDownRule.Reason;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Protocol doc §5.2, line by line. */
class ObjectiveDownRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                        , sdown , peers , quorum , odown , reason                , agreeing
            not SDOWN here: peers' answers do not count   , false , 4     , 2      , false , NOT_SUBJECTIVELY_DOWN , 0
            quorum 1: this sentinel alone suffices        , true  , 0     , 1      , true  , QUORUM_REACHED        , 1
            quorum 2 alone                               , true  , 0     , 2      , false , BELOW_QUORUM          , 1
            quorum 2 and one peer agrees                     , true  , 1     , 2      , true  , QUORUM_REACHED        , 2
            quorum 3 and one peer agrees                     , true  , 1     , 3      , false , BELOW_QUORUM          , 2
            more than the quorum                          , true  , 4     , 3      , true  , QUORUM_REACHED        , 5
            """)
    void countsThisSentinelAndAgreeingPeers(String name, boolean sdown, int peers, int quorum, boolean odown,
                                            Reason reason, int agreeing) {
        ObjectiveDownRule.Decision d = ObjectiveDownRule.decide(sdown, peers, quorum);
        assertThat(d.odown()).isEqualTo(odown);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.agreeing()).isEqualTo(agreeing);
        assertThat(d.quorum()).isEqualTo(quorum);
    }

    @Test
    void onlyFreshDownAnswersCount() {
        Instance master = new Instance(Flags.MASTER, "m", new Endpoint("127.0.0.1", 6379), null, 0);
        peer(master, "a", true, 95_000);   // exactly 5000 old: fresh
        peer(master, "b", true, 94_999);   // one ms too old (TILT skipped its expiry)
        peer(master, "c", false, 99_000);  // fresh, but says "up"
        peer(master, "d", true, 99_999);
        assertThat(ObjectiveDownRule.peersSayingDown(master, 100_000, 5000)).isEqualTo(2);
    }

    private static void peer(Instance master, String runId, boolean saysDown, long answeredAt) {
        Instance p = new Instance(Flags.SENTINEL, runId, new Endpoint("127.0.0.1", 26379), master, 0);
        if (saysDown) {
            p.set(Flags.MASTER_DOWN);
        }
        p.lastMasterDownReplyTime = answeredAt;
        master.sentinels.put(runId, p);
    }
}
