package io.jsentinel.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.election.LeaderTally.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protocol doc §5.5, line by line, for a failover of epoch 10. Peer votes are written {@code leader@epoch}
 * separated by spaces ({@code -} for a peer holding no vote); our own vote is the one the sentinel holds after
 * voting. Unlike Redis, only votes of the failover epoch count, the peers' too (the rows "of a later epoch").
 */
class LeaderTallyTest {
    private static final long FAILOVER_EPOCH = 10;

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                               , peers                 , own    , ownEpoch , voters , quorum , provisional , winner , votes , reason
            alone among 3 with no peer vote: below majority      , -  -                  , me     , 10       , 3      , 2      ,             ,        , 1     , BELOW_MAJORITY
            one peer voted for us: 2 of 3                        , me@10 -               , me     , 10       , 3      , 2      , me          , me     , 2     , ELECTED
            both peers voted for us                              , me@10 me@10           , me     , 10       , 3      , 2      , me          , me     , 3     , ELECTED
            peers' votes of an older epoch do not count          , me@9 me@9             , me     , 10       , 3      , 2      ,             ,        , 1     , BELOW_MAJORITY
            we follow the peers' favourite                       , b@10 b@10             , b      , 10       , 3      , 2      , b           , b      , 3     , ELECTED
            own vote from another epoch is not added             , me@10 -               , me     , 9        , 3      , 2      , me          ,        , 1     , BELOW_MAJORITY
            two of five is below the majority                    , me@10 - - -           , me     , 10       , 5      , 4      , me          ,        , 2     , BELOW_MAJORITY
            quorum above majority                                , me@10 me@10 - -       , me     , 10       , 5      , 4      , me          ,        , 3     , BELOW_QUORUM
            down peers still count as voters                     , me@10 - - - -         , me     , 10       , 6      , 2      , me          ,        , 2     , BELOW_MAJORITY
            tie between peers: the first counted leads           , a@10 b@10             , a      , 10       , 3      , 2      , a           , a      , 2     , ELECTED
            own vote only ties the leader: the leader stays      , a@10 a@10 b@10 -      , b      , 10       , 5      , 2      , a           ,        , 2     , BELOW_MAJORITY
            own vote breaks a tie when it gives more             , a@10 b@10 b@10 -      , b      , 10       , 5      , 3      , b           , b      , 3     , ELECTED
            peers' votes of a later epoch do not count           , me@11 me@11           , me     , 10       , 3      , 2      ,             ,        , 1     , BELOW_MAJORITY
            votes of a later epoch do not elect even unanimous   , me@11 me@11 me@11 me@11 , me   , 11       , 5      , 2      ,             ,        , 0     , NO_VOTES
            only the failover epoch's votes among later ones     , me@10 me@11 me@11 b@10 , me    , 10       , 5      , 2      , me          ,        , 2     , BELOW_MAJORITY
            no votes at all                                      , -                     ,        , 0        , 2      , 1      ,             ,        , 0     , NO_VOTES
            """)
    void electsWithMaxOfQuorumAndMajority(String name, String peers, String own, long ownEpoch,
                                          int voters, int quorum, String provisional, String winner, int votes,
                                          Reason reason) {
        List<Vote> peerVotes = new ArrayList<>();
        for (String p : peers.trim().split("\\s+")) {
            if (p.equals("-")) {
                peerVotes.add(new Vote(null, 0));
            } else {
                String[] lv = p.split("@");
                peerVotes.add(new Vote(lv[0], Long.parseLong(lv[1])));
            }
        }
        LeaderTally tally = LeaderTally.ofPeers(peerVotes, FAILOVER_EPOCH);
        assertThat(tally.provisionalWinner()).isEqualTo(provisional);
        LeaderTally.Result r = tally.decide(new Vote(own, ownEpoch), voters, quorum);
        assertThat(r.winner()).isEqualTo(winner);
        assertThat(r.votes()).isEqualTo(votes);
        assertThat(r.reason()).isEqualTo(reason);
    }
}
