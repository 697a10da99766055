package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flare.model.Durations;
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
