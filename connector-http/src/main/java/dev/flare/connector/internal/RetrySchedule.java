package dev.flare.connector.internal;

import dev.flare.model.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    /** Where the retry after a failed attempt waits: a tier topic, and for how long. */
    public record Retry(int tier, Duration delay) {}

    /**
     * The retry after failed attempt {@code attempt} (1-based), under the subscription's own {@code policy} when it
     * has one, or empty when the attempts are used up and the delivery goes to the dead letters.
     */
    public Optional<Retry> after(int attempt, RetryPolicy policy, Duration retryAfter) {
        List<Duration> own = policy == null ? List.of() : policy.delayDurations();
        List<Duration> waits = own.isEmpty() ? delays : own;
        int maxAttempts = policy != null && policy.maxAttempts() != null
                ? policy.maxAttempts()
                : (own.isEmpty() ? delays.size() : own.size()) + 1;
        if (attempt < 1 || attempt >= maxAttempts || waits.isEmpty()) {
            return Optional.empty();
        }
        Duration base = waits.get(Math.min(attempt, waits.size()) - 1);
        Duration delay = jittered(base, retryAfter);
        Duration placement = delay.compareTo(base) > 0 ? delay : base;
        return Optional.of(new Retry(tierFor(placement), delay));
    }

    /** The tier whose delay fits a wait best: the longest not above it, else the first. */
    public int tierFor(Duration wait) {
        int tier = 1;
        for (int i = 0; i < delays.size(); i++) {
            if (delays.get(i).compareTo(wait) <= 0) {
                tier = i + 1;
            }
        }
        return tier;
    }

    /** The delay of tier {@code tier} (1-based). */
    public Duration tierDelay(int tier) {
        return delays.get(tier - 1);
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
        return jittered(delays.get(attempt - 1), retryAfter);
    }

    private Duration jittered(Duration base, Duration retryAfter) {
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        Duration jittered = Duration.ofMillis(Math.max(0L, Math.round(base.toMillis() * factor)));
        if (retryAfter == null) {
            return jittered;
        }
        Duration capped = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        return capped.compareTo(jittered) > 0 ? capped : jittered;
    }
}
