package dev.flare.connector.internal;

import dev.flare.model.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed attempt is tried again, and on which retry tier it waits. The connector's tiers are fixed (one topic
 * per configured delay); a subscription's {@link RetryPolicy} chooses its own attempts and delays, and each wait goes
 * to the tier with the largest delay not above it (tier 1 when none is).
 *
 * <p>Retry {@code n} (after failed attempt {@code n}, 1-based) waits {@code delays[min(n-1, size-1)]}, spread by ±
 * {@code jitter}, or the subscriber's {@code Retry-After} (at most one hour) when that is longer. Without a policy
 * the delays are the tier delays and there are as many retries as tiers.
 */
public final class RetrySchedule {

    /** The longest a subscriber's {@code Retry-After} may push a retry out. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final List<Duration> tierDelays;
    private final double jitter;
    private final DoubleSupplier random;

    public RetrySchedule(List<Duration> tierDelays, double jitter) {
        this(tierDelays, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform values in [0, 1) */
    public RetrySchedule(List<Duration> tierDelays, double jitter, DoubleSupplier random) {
        if (jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("jitter must be within 0..0.5");
        }
        if (tierDelays.isEmpty()) {
            throw new IllegalArgumentException("there must be at least one retry tier");
        }
        this.tierDelays = List.copyOf(tierDelays);
        this.jitter = jitter;
        this.random = random;
    }

    public int tiers() {
        return tierDelays.size();
    }

    /** The configured delay of tier {@code tier} (1-based). */
    public Duration tierDelay(int tier) {
        return tierDelays.get(tier - 1);
    }

    /** Attempts in all, the first included: the policy's, else one more than its delays (or the tiers). */
    public int maxAttempts(RetryPolicy policy) {
        if (policy != null && policy.maxAttempts() != null) {
            return Math.max(1, policy.maxAttempts());
        }
        return delays(policy).size() + 1;
    }

    /** Whether failed attempt {@code attempt} (1-based) is retried rather than dead-lettered. */
    public boolean retriesAfter(RetryPolicy policy, int attempt) {
        return attempt >= 1 && attempt < maxAttempts(policy);
    }

    /** {@link #retriesAfter} with the connector's own schedule. */
    public boolean hasTierAfter(int attempt) {
        return retriesAfter(null, attempt);
    }

    /**
     * A retry's wait and its tier. The tier is chosen by the wait before jitter, so a retry whose jitter shortened it
     * still goes to the tier of its delay (and waits there less than that tier's delay, blocking nothing).
     */
    public record Wait(Duration delay, int tier) {}

    /**
     * The wait after failed attempt {@code attempt}: its delay with jitter, or the subscriber's {@code Retry-After}
     * (at most one hour) when that is longer.
     */
    public Wait next(RetryPolicy policy, int attempt, Duration retryAfter) {
        List<Duration> delays = delays(policy);
        Duration base = delays.get(Math.min(Math.max(attempt, 1), delays.size()) - 1);
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        Duration jittered = Duration.ofMillis(Math.max(0L, Math.round(base.toMillis() * factor)));
        if (retryAfter == null) {
            return new Wait(jittered, tierFor(base));
        }
        Duration capped = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        return new Wait(max(capped, jittered), tierFor(max(capped, base)));
    }

    /** The wait of {@link #next}. */
    public Duration delayAfter(RetryPolicy policy, int attempt, Duration retryAfter) {
        return next(policy, attempt, retryAfter).delay();
    }

    /** {@link #delayAfter(RetryPolicy, int, Duration)} with the connector's own schedule. */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        return delayAfter(null, attempt, retryAfter);
    }

    /** {@code wait} lengthened by up to {@code jitter} of it, so deferrals made together do not return together. */
    public Duration spread(Duration wait) {
        return Duration.ofMillis(Math.round(wait.toMillis() * (1 + jitter * random.getAsDouble())));
    }

    /** The tier a wait of {@code wait} goes to: the one with the largest delay not above it, else tier 1. */
    public int tierFor(Duration wait) {
        int tier = 1;
        Duration best = null;
        for (int i = 0; i < tierDelays.size(); i++) {
            Duration delay = tierDelays.get(i);
            if (delay.compareTo(wait) <= 0 && (best == null || delay.compareTo(best) > 0)) {
                best = delay;
                tier = i + 1;
            }
        }
        return tier;
    }

    /** The tier whose delay is nearest {@code target} (the shorter one on a tie). */
    public int tierNearest(Duration target) {
        int tier = 1;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < tierDelays.size(); i++) {
            long distance = Math.abs(tierDelays.get(i).toMillis() - target.toMillis());
            if (distance < bestDistance
                    || (distance == bestDistance && tierDelays.get(i).compareTo(tierDelay(tier)) < 0)) {
                bestDistance = distance;
                tier = i + 1;
            }
        }
        return tier;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private List<Duration> delays(RetryPolicy policy) {
        if (policy == null) {
            return tierDelays;
        }
        List<Duration> own;
        try {
            own = policy.delayDurations();
        } catch (IllegalArgumentException e) {
            // Note: the ingest API stores only valid delays; a record written another way falls back to the tiers.
            return tierDelays;
        }
        return own.isEmpty() ? tierDelays : own;
    }
}
