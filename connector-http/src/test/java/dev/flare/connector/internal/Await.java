package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits in tests for something another thread does. */
final class Await {

    private Await() {}

    /** Returns once {@code condition} holds; fails the test if it does not within {@code within}. */
    static void until(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within %s", within).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
