package io.jsentinel.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.election.VoteRule.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Protocol doc §5.4, line by line. */
class VoteRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                                  , current , voted , request , adopt , outcome
            newer epoch and no vote yet: adopt it and vote             , 5       , 0     , 6       , true  , GRANTED
            same epoch and our vote is older: vote                     , 6       , 5     , 6       , false , GRANTED
            already voted in this epoch: keep that vote             , 6       , 6     , 6       , false , ALREADY_VOTED_IN_EPOCH
            request from an epoch behind ours                       , 7       , 5     , 6       , false , EPOCH_BEHIND_OURS
            newer epoch adopted even if the stored vote is newer    , 5       , 9     , 8       , true  , ALREADY_VOTED_IN_EPOCH
            fresh sentinel (epoch 0) asked for epoch 1              , 0       , 0     , 1       , true  , GRANTED
            epoch 0 is never voted in                               , 0       , 0     , 0       , false , ALREADY_VOTED_IN_EPOCH
            """)
    void grantsAtMostOneVotePerEpoch(String name, long current, long voted, long request, boolean adopt,
                                     Outcome outcome) {
        VoteRule.Decision d = VoteRule.decide(current, voted, request);
        assertThat(d.adoptEpoch()).isEqualTo(adopt);
        assertThat(d.outcome()).isEqualTo(outcome);
        assertThat(d.grant()).isEqualTo(outcome == Outcome.GRANTED);
    }
}
