package io.jsentinel.sim;

import org.junit.jupiter.api.Test;

/**
 * The simulation with a coordinated switchover ({@code SENTINEL FAILOVER mymaster COORDINATED [TO ip port]}) in
 * every seed: alone, with faults aimed at it, or among the random ones (docs/simulation.md). 500 seeds by
 * default; {@code -Dsim.seeds}, {@code -Dsim.seedBase}, {@code -Dsim.seed} and {@code -Dsim.threads} as for
 * {@link SimulationTest}.
 */
class CoordinatedSwitchoverSimulationTest {
    private static final long DEFAULT_SEEDS = 500;

    @Test
    void everySeedSwitchesOverAndKeepsTheInvariants() throws Exception {
        SimulationTest.runSeeds("CoordinatedSwitchoverSimulationTest", DEFAULT_SEEDS, 100);
    }
}
