package io.jsentinel.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Redis' CKQUORUM rule (sentinelCommand "ckquorum") and leader threshold, case by case. */
class QuorumCheckTest {
    @ParameterizedTest(name = "usable {0} of {1}, quorum {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1 | 1 | 1 | true  | true  | OK 1 usable Sentinels. Quorum and failover authorization can be reached
            2 | 3 | 2 | true  | true  | OK 2 usable Sentinels. Quorum and failover authorization can be reached
            2 | 4 | 2 | true  | false | NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover
            3 | 5 | 4 | false | true  | NOQUORUM 3 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master
            1 | 3 | 2 | false | false | NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master. Not enough available Sentinels to reach the majority and authorize a failover
            5 | 5 | 5 | true  | true  | OK 5 usable Sentinels. Quorum and failover authorization can be reached
            """)
    void quorumAndMajority(int usable, int voters, int quorum, boolean quorumOk, boolean majorityOk, String text) {
        QuorumCheck c = new QuorumCheck(usable, voters, quorum);
        assertThat(c.quorumReachable()).isEqualTo(quorumOk);
        assertThat(c.majorityReachable()).isEqualTo(majorityOk);
        assertThat(c.ok()).isEqualTo(quorumOk && majorityOk);
        assertThat(c.text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} voters need {1}")
    @CsvSource({"1,1", "2,2", "3,2", "4,3", "5,3", "6,4", "7,4"})
    void majorityIsMoreThanHalf(int voters, int needed) {
        assertThat(QuorumCheck.majority(voters)).isEqualTo(needed);
    }
}
