package io.jsentinel.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling (sentinel-core has no Awaitility); fails the test on timeout. */
final class Poll {
    private Poll() {
    }

    static void until(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
