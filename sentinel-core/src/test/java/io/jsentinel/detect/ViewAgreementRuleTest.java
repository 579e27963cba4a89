package io.jsentinel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsentinel.detect.ViewAgreementRule.PeerAnswer;
import io.jsentinel.link.Endpoint;
import io.jsentinel.state.Flags;
import io.jsentinel.state.Instance;
import io.jsentinel.state.Timers;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class ViewAgreementRuleTest {
    static final Endpoint VIEW = new Endpoint("db-1.example", 6379);
    /** db-1.example is 10.0.0.1 */
    static final BiPredicate<Endpoint, String> SAME_HOST = (addr, host) -> host.equals(addr.host())
            || (addr.host().equals("db-1.example") && host.equals("10.0.0.1"));

    static PeerAnswer answer(long voteEpoch, String host, long configEpoch) {
        return new PeerAnswer(false, voteEpoch, host, 6379, configEpoch, false);
    }

    @Test
    void aPeerWithTheSameMasterAddressAndEpochAndNoStandingVoteAgrees() {
        assertThat(ViewAgreementRule.agrees(answer(4, "db-1.example", 4), VIEW, 4, false, SAME_HOST)).isTrue();
        assertThat(ViewAgreementRule.agrees(answer(4, "10.0.0.1", 4), VIEW, 4, false, SAME_HOST)).isTrue();
    }

    @Test
    void anyDifferenceInTheViewIsDisagreement() {
        assertThat(ViewAgreementRule.agrees(answer(4, "10.0.0.3", 4), VIEW, 4, false, SAME_HOST)).isFalse();
        assertThat(ViewAgreementRule.agrees(new PeerAnswer(false, 4, "10.0.0.1", 6380, 4, false), VIEW, 4, false,
                SAME_HOST)).isFalse();
        assertThat(ViewAgreementRule.agrees(answer(4, "10.0.0.1", 3), VIEW, 4, false, SAME_HOST)).isFalse();
        assertThat(ViewAgreementRule.agrees(answer(4, "10.0.0.1", 4), VIEW, 4, true, SAME_HOST)).isFalse();
        assertThat(ViewAgreementRule.agrees(new PeerAnswer(true, 4, "10.0.0.1", 6379, 4, false), VIEW, 4, false,
                SAME_HOST)).as("holds it SDOWN").isFalse();
        assertThat(ViewAgreementRule.agrees(new PeerAnswer(false, 4, "10.0.0.1", 6379, 4, true), VIEW, 4, false,
                SAME_HOST)).as("failover in progress").isFalse();
    }

    @Test
    void aVoteNewerThanTheViewStandsUntilItHasBeenHeldForTheElectionTimeoutFailoverTimeoutAndFourPublishPeriods() {
        Instance master = new Instance(Flags.MASTER, "mymaster", VIEW, null, 0);
        master.failoverTimeout = 6_000;
        long settle = ViewAgreementRule.electionSettleMillis(master, new Timers());
        assertThat(settle).isEqualTo(10_000 + 6_000 + 4 * 2_000);

        Instance peer = new Instance(Flags.SENTINEL, "b".repeat(40), new Endpoint("10.0.1.2", 26379), master, 0);
        // no newer than the view, or none (0: also what a peer that knows no master at the address answers)
        assertThat(ViewAgreementRule.voteStandsAgainst(peer, 4, 4, 0, settle)).isFalse();
        assertThat(ViewAgreementRule.voteStandsAgainst(peer, 0, 4, 0, settle)).isFalse();

        ViewAgreementRule.noteVote(peer, 5, 1_000);
        assertThat(ViewAgreementRule.voteStandsAgainst(peer, 5, 4, 1_000 + settle, settle)).isTrue();
        assertThat(ViewAgreementRule.voteStandsAgainst(peer, 5, 4, 1_001 + settle, settle)).isFalse();
        // a newer vote is noted anew and stands again; noting an older one changes nothing
        ViewAgreementRule.noteVote(peer, 6, 2_000);
        ViewAgreementRule.noteVote(peer, 5, 3_000);
        assertThat(ViewAgreementRule.voteStandsAgainst(peer, 6, 4, 1_001 + settle, settle)).isTrue();
        assertThat(ViewAgreementRule.voteStandsAgainst(peer, 6, 4, 2_001 + settle, settle)).isFalse();
        // a vote other than the one noted (not seen before) stands
        assertThat(ViewAgreementRule.voteStandsAgainst(peer, 7, 4, 100_000, settle)).isTrue();
        // epochs are unsigned 64-bit numbers
        assertThat(ViewAgreementRule.voteStandsAgainst(peer, -1, 4, 100_000, settle)).isTrue();
    }
}
