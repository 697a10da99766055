package dev.flare.chaos.internal;

import java.time.Duration;

/**
 * How hard and how long a chaos run pushes: documents, writes per second, rounds of faults, the pause between
 * faults, and how long the subscribers get to catch up once the load stops.
 */
public record Profile(int documents, int writesPerSecond, int rounds, Duration betweenFaults, Duration catchUpLimit) {

    /** The version CI runs on every push. */
    public static Profile quick() {
        return new Profile(200, 25, 1, Duration.ofSeconds(5), Duration.ofMinutes(3));
    }

    /** The default of {@code ./flare chaos}. */
    public static Profile standard() {
        return new Profile(1_000, 150, 2, Duration.ofSeconds(20), Duration.ofMinutes(5));
    }
}
