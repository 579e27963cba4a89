package io.jsentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RehearsalTest {

    @Test
    void playsTheLeadersFailoverAndTheFollowersSwitch() {
        Rehearsal.Result r = Rehearsal.run(1);
        assertThat(r.events()).containsSubsequence("+sdown", "+odown", "+try-failover", "+vote-for-leader",
                "+elected-leader", "+selected-slave", "+promoted-slave", "+failover-end", "+switch-master",
                "+config-update-from", "+switch-master");
        assertThat(r.complete()).isTrue();
    }
}
