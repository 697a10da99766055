package dev.flare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void shouldRunThreeForkedRepetitionsOfEveryScenarioByDefault() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.repetitions()).isEqualTo(3);
        assertThat(options.fork()).isTrue();
        assertThat(options.scenarios()).contains("throughput", "latency-alos", "conflation");
    }

    @Test
    void shouldExplainABadRepetitionCountWithTheUsage() {
        assertThatThrownBy(() -> BenchOptions.parse("--reps", "three"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--reps needs a whole number of at least 1, not three")
                .hasMessageContaining("Usage: flare bench");
        assertThatThrownBy(() -> BenchOptions.parse("--reps", "0"))
                .hasMessageContaining("--reps needs a whole number of at least 1, not 0");
    }

    @Test
    void shouldNameAnUnknownScenario() {
        assertThatThrownBy(() -> BenchOptions.parse("--scenario", "latencyy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown scenario latencyy");
    }
}
