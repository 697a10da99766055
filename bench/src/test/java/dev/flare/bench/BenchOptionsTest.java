package dev.flare.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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

    @Test
    void shouldStartFlareWithEverySettingGivenAndTheLastValueOfOneGivenTwice() {
        BenchOptions options = BenchOptions.parse(
                "--set",
                "flare.topology.stream.threads=2",
                "--set",
                "flare.connector.max.in.flight=500",
                "--set",
                "flare.topology.stream.threads=3");

        assertThat(options.flareSettings())
                .containsOnly(
                        Map.entry("flare.topology.stream.threads", "3"),
                        Map.entry("flare.connector.max.in.flight", "500"));
        assertThat(BenchOptions.parse().flareSettings()).isEmpty();
    }

    @Test
    void shouldRefuseASettingThatIsNotAKnownFlareKeyWithAValue() {
        assertThatThrownBy(() -> BenchOptions.parse("--set", "linger.ms=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--set needs a Flare setting as flare.KEY=VALUE, not linger.ms=5");
        assertThatThrownBy(() -> BenchOptions.parse("--set", "flare.topology.stream.threads"))
                .hasMessageContaining("not flare.topology.stream.threads");
        assertThatThrownBy(() -> BenchOptions.parse("--set")).hasMessageContaining("--set needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--set", "flare.topology.stream.thread=2"))
                .hasMessageContaining("flare.topology.stream.thread is not a Flare setting");
    }
}
