package dev.flare.connector.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket of {@code perSecond} tokens a second holding at most one second of them (at least one). A caller
 * that finds it empty is told when to come back; callers turned away together are told successive slots one token
 * apart, so they do not all come back at the same moment. Not thread-safe: its {@link SubscriptionGates} gate
 * guards it.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private double perSecond;
    private double capacity;
    private double tokens;
    private long last;
    private long horizon = Long.MIN_VALUE;

    TokenBucket(double perSecond, Instant now) {
        rate(perSecond);
        this.tokens = capacity;
        this.last = nanos(now);
    }

    double perSecond() {
        return perSecond;
    }

    /** Changes the rate, keeping the tokens there are (at most the new capacity). */
    void rate(double newPerSecond) {
        this.perSecond = newPerSecond;
        this.capacity = Math.max(1.0, newPerSecond);
        this.tokens = Math.min(tokens, capacity);
    }

    /** Zero when a token was taken; otherwise how long to wait before asking again (nothing taken). */
    Duration take(Instant now) {
        long at = nanos(now);
        if (at > last) {
            tokens = Math.min(capacity, tokens + (at - last) * perSecond / NANOS_PER_SECOND);
            last = at;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return Duration.ZERO;
        }
        long interval = (long) Math.ceil(NANOS_PER_SECOND / perSecond);
        long untilToken = (long) Math.ceil((1.0 - tokens) * NANOS_PER_SECOND / perSecond);
        long slot = horizon == Long.MIN_VALUE ? at + untilToken : Math.max(at + untilToken, horizon + interval);
        horizon = slot;
        return Duration.ofNanos(Math.max(1L, slot - at));
    }

    /** Whether the bucket is full, so forgetting it changes nothing. */
    boolean full(Instant now) {
        long at = nanos(now);
        return tokens + Math.max(0L, at - last) * perSecond / NANOS_PER_SECOND >= capacity;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
