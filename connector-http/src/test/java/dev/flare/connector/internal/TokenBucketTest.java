package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void shouldLetOneSecondOfCallsThroughAtOnceWhenFull() {
        TokenBucket bucket = new TokenBucket(3, START);

        assertThat(bucket.take(START)).isZero();
        assertThat(bucket.take(START)).isZero();
        assertThat(bucket.take(START)).isZero();
        assertThat(bucket.take(START)).isPositive();
    }

    @Test
    void shouldSayWhenNextTokenComesWhenEmpty() {
        TokenBucket bucket = new TokenBucket(2, START);
        bucket.take(START);
        bucket.take(START);

        assertThat(bucket.take(START)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldGiveSuccessiveSlotsWhenSeveralAreTurnedAway() {
        TokenBucket bucket = new TokenBucket(1, START);
        bucket.take(START);

        assertThat(bucket.take(START)).isEqualTo(Duration.ofSeconds(1));
        assertThat(bucket.take(START)).isEqualTo(Duration.ofSeconds(2));
        assertThat(bucket.take(START)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldRefillAtRateWhenTimePasses() {
        TokenBucket bucket = new TokenBucket(10, START);
        for (int i = 0; i < 10; i++) {
            bucket.take(START);
        }

        Instant later = START.plusMillis(300);

        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isPositive();
    }

    @Test
    void shouldAllowOneCallWhenRateIsBelowOnePerSecond() {
        TokenBucket bucket = new TokenBucket(0.5, START);

        assertThat(bucket.take(START)).isZero();
        assertThat(bucket.take(START)).isEqualTo(Duration.ofSeconds(2));
        assertThat(bucket.take(START.plusSeconds(2))).isZero();
    }
}
