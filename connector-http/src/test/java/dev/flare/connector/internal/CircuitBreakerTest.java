package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.connector.internal.CircuitBreaker.Health;
import dev.flare.connector.internal.CircuitBreaker.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);
    private static final Duration PROBE_WAIT = Duration.ofSeconds(15);

    private final CircuitBreaker breaker = new CircuitBreaker(3, OPEN_FOR);

    @Test
    void shouldOpenWhenThresholdOfConsecutiveFailuresIsReached() {
        fail(3);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.waitBefore(NOW.plusSeconds(10), PROBE_WAIT)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldStayClosedWhenASuccessBreaksTheRun() {
        fail(2);
        succeed();
        fail(2);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.waitBefore(NOW, PROBE_WAIT)).isZero();
    }

    @Test
    void shouldLetOneProbeThroughWhenOpenTimeIsOver() {
        fail(3);
        Instant later = NOW.plus(OPEN_FOR);

        assertThat(breaker.waitBefore(later, PROBE_WAIT)).isZero();
        assertThat(breaker.start()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.waitBefore(later, PROBE_WAIT)).isEqualTo(PROBE_WAIT);
    }

    @Test
    void shouldCloseWhenProbeSucceeds() {
        fail(3);
        Instant later = NOW.plus(OPEN_FOR);
        breaker.start();

        breaker.finish(true, Health.SUCCESS, later);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.start()).isFalse();
    }

    @Test
    void shouldOpenAgainWhenProbeFails() {
        fail(3);
        Instant later = NOW.plus(OPEN_FOR);
        breaker.start();

        breaker.finish(true, Health.FAILURE, later);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.waitBefore(later, PROBE_WAIT)).isEqualTo(OPEN_FOR);
    }

    @Test
    void shouldFreeProbeSlotWhenProbeMadeNoCall() {
        fail(3);
        Instant later = NOW.plus(OPEN_FOR);
        breaker.start();

        breaker.finish(true, Health.NONE, later);

        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.waitBefore(later, PROBE_WAIT)).isZero();
    }

    @Test
    void shouldIgnoreLateResultsOfCallsStartedBeforeItOpened() {
        fail(3);

        breaker.finish(false, Health.SUCCESS, NOW);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            breaker.start();
            breaker.finish(false, Health.FAILURE, NOW);
        }
    }

    private void succeed() {
        breaker.start();
        breaker.finish(false, Health.SUCCESS, NOW);
    }
}
