package io.jsentinel.sim;

import org.junit.jupiter.api.Test;

/**
 * The simulation with address churn and the forgetting rule on ({@code forget-stale-after-milliseconds} 4-20 s) in
 * every seed: sentinels and replicas whose pods come back at new addresses, sentinels with and without their volume
 * (same id or a new one), among the run's random faults (partitions, crashes, pauses...). Besides the usual
 * invariants, after convergence every sentinel must list exactly the live peers and replicas (docs/churn.md).
 * 500 seeds by default; {@code -Dsim.seeds}, {@code -Dsim.seedBase}, {@code -Dsim.seed}, {@code -Dsim.allFailures}
 * and {@code -Dsim.threads} as for {@link SimulationTest}.
 */
class ChurnSimulationTest {
    private static final long DEFAULT_SEEDS = 500;

    @Test
    void podsMovingWithTheForgettingRuleOnKeepTheInvariants() throws Exception {
        SimulationTest.runSeeds("ChurnSimulationTest", DEFAULT_SEEDS, 0, true);
    }
}
