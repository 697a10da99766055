package dev.flare.connector.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed attempt is tried again: attempt {@code n} (1-based) that fails waits {@code delays[n-1]}, spread by
 * ± {@code jitter}, on retry tier {@code n}; after the last tier the delivery is dead-lettered.
 */
public final class RetrySchedule {

    /** The longest a subscriber's {@code Retry-After} may push a retry out. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final List<Duration> delays;
    private final double jitter;
    private final DoubleSupplier random;

    public RetrySchedule(List<Duration> delays, double jitter) {
        this(delays, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform values in [0, 1) */
    public RetrySchedule(List<Duration> delays, double jitter, DoubleSupplier random) {
        if (jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("jitter must be within 0..0.5");
        }
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
        this.random = random;
    }

    public int tiers() {
        return delays.size();
    }

    /** Whether attempt {@code attempt} (1-based) that failed goes to a retry tier rather than the dead letters. */
    public boolean hasTierAfter(int attempt) {
        return attempt >= 1 && attempt <= delays.size();
    }

    /**
     * The wait before the attempt after {@code attempt}: the tier delay with jitter, or the subscriber's
     * {@code Retry-After} (at most one hour) when that is longer.
     */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        Duration base = delays.get(attempt - 1);
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        Duration jittered = Duration.ofMillis(Math.max(0L, Math.round(base.toMillis() * factor)));
        if (retryAfter == null) {
            return jittered;
        }
        Duration capped = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        return capped.compareTo(jittered) > 0 ? capped : jittered;
    }
}
