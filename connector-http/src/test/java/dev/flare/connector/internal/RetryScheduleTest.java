package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flare.model.Durations;
import dev.flare.model.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30));

    @Test
    void shouldUseDelayOfTierWhenNoJitter() {
        RetrySchedule schedule = new RetrySchedule(DELAYS, 0.0, () -> 0.9);

        assertThat(schedule.delayAfter(1, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(2, null)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldStayWithinJitterBoundsWhenRandomIsExtreme() {
        RetrySchedule low = new RetrySchedule(DELAYS, 0.2, () -> 0.0);
        RetrySchedule high = new RetrySchedule(DELAYS, 0.2, () -> Math.nextDown(1.0));

        assertThat(low.delayAfter(2, null)).isEqualTo(Duration.ofSeconds(24));
        assertThat(high.delayAfter(2, null)).isEqualTo(Duration.ofSeconds(36));
    }

    @Test
    void shouldHaveNoTierAfterLastAttemptWhenDelaysRunOut() {
        RetrySchedule schedule = new RetrySchedule(DELAYS, 0.2);

        assertThat(schedule.hasTierAfter(1)).isTrue();
        assertThat(schedule.hasTierAfter(2)).isTrue();
        assertThat(schedule.hasTierAfter(3)).isFalse();
    }

    @Test
    void shouldUseRetryAfterWhenLongerThanTierDelay() {
        RetrySchedule schedule = new RetrySchedule(DELAYS, 0.0);

        assertThat(schedule.delayAfter(1, Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
        assertThat(schedule.delayAfter(2, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldCapRetryAfterAtOneHourWhenSubscriberAsksForMore() {
        RetrySchedule schedule = new RetrySchedule(DELAYS, 0.0);

        assertThat(schedule.delayAfter(1, Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
    }

    private static final List<Duration> TIERS = List.of(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            Duration.ofHours(6));

    @Test
    void shouldAllowOneAttemptPerTierPlusFirstWhenNoPolicy() {
        RetrySchedule schedule = new RetrySchedule(TIERS, 0.0);

        assertThat(schedule.maxAttempts(null)).isEqualTo(7);
        assertThat(schedule.retriesAfter(null, 6)).isTrue();
        assertThat(schedule.retriesAfter(null, 7)).isFalse();
    }

    @Test
    void shouldUsePolicyMaxAttemptsWhenSet() {
        RetrySchedule schedule = new RetrySchedule(TIERS, 0.0);
        RetryPolicy policy = new RetryPolicy(3, List.of("1s"));

        assertThat(schedule.retriesAfter(policy, 2)).isTrue();
        assertThat(schedule.retriesAfter(policy, 3)).isFalse();
        assertThat(schedule.retriesAfter(new RetryPolicy(1, null), 1)).isFalse();
    }

    @Test
    void shouldAllowOneMoreAttemptThanDelaysWhenPolicyHasDelaysOnly() {
        RetrySchedule schedule = new RetrySchedule(TIERS, 0.0);

        assertThat(schedule.maxAttempts(new RetryPolicy(null, List.of("1s", "2s"))))
                .isEqualTo(3);
        assertThat(schedule.maxAttempts(new RetryPolicy(null, List.of()))).isEqualTo(7);
    }

    @Test
    void shouldRepeatLastPolicyDelayWhenMoreRetriesThanDelays() {
        RetrySchedule schedule = new RetrySchedule(TIERS, 0.0);
        RetryPolicy policy = new RetryPolicy(10, List.of("1s", "45s"));

        assertThat(schedule.delayAfter(policy, 1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.delayAfter(policy, 2, null)).isEqualTo(Duration.ofSeconds(45));
        assertThat(schedule.delayAfter(policy, 9, null)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void shouldRepeatLastTierDelayWhenPolicyHasNoDelaysButMoreAttempts() {
        RetrySchedule schedule = new RetrySchedule(TIERS, 0.0);

        assertThat(schedule.delayAfter(new RetryPolicy(20, null), 12, null)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldPlaceWaitOnTierWithLargestDelayNotAboveIt() {
        RetrySchedule schedule = new RetrySchedule(TIERS, 0.0);

        assertThat(schedule.tierFor(Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(schedule.tierFor(Duration.ofSeconds(5))).isEqualTo(1);
        assertThat(schedule.tierFor(Duration.ofSeconds(45))).isEqualTo(2);
        assertThat(schedule.tierFor(Duration.ofMinutes(2))).isEqualTo(3);
        assertThat(schedule.tierFor(Duration.ofHours(3))).isEqualTo(5);
        assertThat(schedule.tierFor(Duration.ofHours(24))).isEqualTo(6);
    }

    @Test
    void shouldChooseTierByDelayBeforeJitterWhenJitterShortensIt() {
        RetrySchedule schedule = new RetrySchedule(TIERS, 0.2, () -> 0.0);

        RetrySchedule.Wait wait = schedule.next(null, 2, null);

        assertThat(wait.delay()).isEqualTo(Duration.ofSeconds(24));
        assertThat(wait.tier()).isEqualTo(2);
    }

    @Test
    void shouldChooseTierByRetryAfterWhenItIsLonger() {
        RetrySchedule schedule = new RetrySchedule(TIERS, 0.0);

        RetrySchedule.Wait wait = schedule.next(new RetryPolicy(5, List.of("1s")), 1, Duration.ofMinutes(15));

        assertThat(wait.delay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(wait.tier()).isEqualTo(4);
    }

    @Test
    void shouldFindTierNearestOneMinuteWhenDefaults() {
        assertThat(new RetrySchedule(TIERS, 0.0).tierNearest(Duration.ofMinutes(1)))
                .isEqualTo(2);
        assertThat(new RetrySchedule(List.of(Duration.ofSeconds(1), Duration.ofMinutes(1)), 0.0)
                        .tierNearest(Duration.ofMinutes(1)))
                .isEqualTo(2);
    }

    @Test
    void shouldOnlyLengthenWaitWhenSpreading() {
        assertThat(new RetrySchedule(TIERS, 0.2, () -> 0.0).spread(Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(new RetrySchedule(TIERS, 0.2, () -> 0.5).spread(Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofSeconds(11));
    }

    @Test
    void shouldParseDurationsWhenWellFormed() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("6h")).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldRejectDurationWhenMalformed() {
        assertThatThrownBy(() -> Durations.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("0s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrHttpDate() {
        Instant now = Instant.parse("2024-05-01T10:00:00Z");

        assertThat(RetryAfter.parse("120", now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Wed, 01 May 2024 10:05:00 GMT", now)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
    }
}
