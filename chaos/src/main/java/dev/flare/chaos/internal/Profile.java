package dev.flare.chaos.internal;

import java.time.Duration;

/**
 * How hard and how long a chaos run pushes: documents, writes per second, rounds of faults, the pause between
 * faults, how long the subscribers get to catch up once the load stops, and the least time the load runs.
 */
public record Profile(
        int documents,
        int writesPerSecond,
        int rounds,
        Duration betweenFaults,
        Duration catchUpLimit,
        Duration minimumLoad) {

    /** The version CI runs on every push. */
    public static Profile quick() {
        return new Profile(200, 25, 1, Duration.ofSeconds(5), Duration.ofMinutes(3), Duration.ZERO);
    }

    /** The default of {@code ./flare chaos}. */
    public static Profile standard() {
        return new Profile(1_000, 150, 2, Duration.ofSeconds(20), Duration.ofMinutes(5), Duration.ZERO);
    }

    /** A soak: steady load for {@code length}, no faults. */
    public static Profile soak(Duration length) {
        return new Profile(1_000, 100, 0, Duration.ofSeconds(15), Duration.ofMinutes(5), length);
    }

    public Profile withRounds(int n) {
        return new Profile(documents, writesPerSecond, n, betweenFaults, catchUpLimit, minimumLoad);
    }

    public Profile withDocuments(int n) {
        return new Profile(n, writesPerSecond, rounds, betweenFaults, catchUpLimit, minimumLoad);
    }

    public Profile withRate(int n) {
        return new Profile(documents, n, rounds, betweenFaults, catchUpLimit, minimumLoad);
    }
}
