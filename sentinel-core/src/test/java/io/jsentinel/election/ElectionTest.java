package io.jsentinel.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.event.Events;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.SentinelState;
import io.jsentinel.testkit.FakeClock;
import io.jsentinel.time.LoopClock;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Election#getLeader} as the failover's {@code wait_start} calls it (protocol doc §5.5), with the votes the
 * peers' IS-MASTER-DOWN-BY-ADDR replies left and our own stored vote. Votes are written {@code leader@epoch}
 * ({@code -} for none); {@code me} is this sentinel. Five sentinels, quorum 2: three votes elect.
 *
 * <p>The rows "current epoch moved on" are the simulation's seeds 54888, 63636 and 85455: a sentinel not elected in
 * its failover epoch voted for a later sentinel (so its current epoch moved on and its election timer restarted),
 * asked the peers again with that current epoch, and counted their votes of the current epoch as a win of its
 * failover epoch, which another sentinel had already won. Redis 7.0 counts them so; we count only the failover
 * epoch's.
 */
class ElectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # case                                                        , current , failover , peers                   , own   , winner , ownAfter
            peers voted for us in the failover epoch                      , 7       , 7        , me@7 me@7 - -           , -     , me     , me@7
            we vote for the peers' favourite and they win                 , 7       , 7        , b@7 b@7 - -             , -     , b      , b@7
            no peer voted: we vote for ourselves and are alone            , 7       , 7        , - - - -                 , -     ,        , me@7
            our own vote is kept once cast                                , 7       , 7        , b@7 b@7 - -             , me@7  ,        , me@7
            current epoch moved on: the peers' votes of it do not elect   , 8       , 7        , me@8 me@8 me@8 -        , b@8   ,        , b@8
            current epoch moved on: unanimous in it is still not elected  , 8       , 7        , me@8 me@8 me@8 me@8     , me@7  ,        , me@7
            current epoch moved on: votes of the failover epoch elect     , 8       , 7        , me@7 me@7 b@8 -         , me@7  , me     , me@7
            current epoch moved on: we cast no vote in the failover epoch , 8       , 7        , me@7 me@7 - -           , b@8   ,        , b@8
            """)
    void electsOnlyWithVotesOfTheFailoverEpoch(String name, long current, long failover, String peers, String own,
                                               String winner, String ownAfter) {
        SentinelState state = new SentinelState();
        state.myId = "me";
        state.currentEpoch = current;
        FakeClock clock = new FakeClock();
        LoopClock loopClock = new LoopClock(clock);
        Instance master = new Instance(Flags.MASTER, "mymaster", new Endpoint("10.0.0.1", 6379), null,
                loopClock.now());
        master.quorum = 2;
        master.failoverEpoch = failover;
        setVote(master, own);
        int n = 0;
        for (String v : peers.trim().split("\\s+")) {
            String id = "peer" + n;
            Instance peer = new Instance(Flags.SENTINEL, id, new Endpoint("10.0.1." + (++n), 26379), master,
                    loopClock.now());
            peer.runId = id;
            setVote(peer, v);
            master.sentinels.put(id, peer);
        }
        Election election = new Election(state, loopClock, new Events(clock, Endpoint::host), () -> true,
                new Random(1));

        assertThat(election.getLeader(master, failover)).isEqualTo(winner);
        assertThat(master.leader + "@" + master.leaderEpoch).isEqualTo(ownAfter);
        assertThat(state.currentEpoch).as("the tally never moves the epoch").isEqualTo(current);
    }

    private static void setVote(Instance holder, String vote) {
        if (!vote.equals("-")) {
            String[] lv = vote.split("@");
            holder.leader = lv[0];
            holder.leaderEpoch = Long.parseLong(lv[1]);
        }
    }
}
