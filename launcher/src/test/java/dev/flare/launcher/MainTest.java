package dev.flare.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintUsageAndExitTwoWhenFlagIsUnknown() {
        int status = run(Map.of(), "up", "--verbose");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("unknown option '--verbose'").contains("Usage: flare");
    }

    @Test
    void shouldPrintUsageAndExitTwoWhenNoCommandIsGiven() {
        int status = run(Map.of());

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("Usage: flare");
    }

    @Test
    void shouldPrintUsageAndExitZeroWhenHelpIsAsked() {
        int status = run(Map.of(), "help");

        assertThat(status).isZero();
        assertThat(out()).contains("Usage: flare").contains("--data-dir");
    }

    @Test
    void shouldNameFlarePortWhenPortIsNotANumber() {
        int status = run(Map.of(), "up", "--port", "http");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("flare.port").contains("http");
    }

    @Test
    void shouldNameFlarePortWhenPortIsOutOfRange() {
        int status = run(Map.of(), "up", "--port=65536");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("flare.port");
    }

    @Test
    void shouldNameFlarePortWhenEnvironmentPortIsBad() {
        int status = run(Map.of("FLARE_PORT", "-1"), "up");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("flare.port");
    }

    @Test
    void shouldExitTwoWhenFlagHasNoValue() {
        int status = run(Map.of(), "up", "--data-dir");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("--data-dir needs a value");
    }

    @Test
    void shouldExitTwoNamingTheKeyWhenARoleIsStartedWithABadSetting() {
        int status = run(Map.of("FLARE_TOPOLOGY_QUERY_PORT", "70000"), "topology");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("flare.topology.query.port");
    }

    @Test
    void shouldExitTwoNamingTheKeyWhenInitIsGivenABadSetting() {
        int status = run(Map.of("FLARE_TOPIC_PARTITIONS", "0"), "init");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("flare.topic.partitions");
    }

    @Test
    void shouldNameTheKeyWhenAnEnvironmentValueIsBad() {
        int status = run(Map.of("FLARE_EMBEDDED_KAFKA_PORT", "abc"), "up");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("flare.embedded.kafka.port").doesNotContain("Exception");
    }

    @Test
    void shouldNameTheKeyWhenASharedSettingIsBad() {
        assertThatThrownBy(() -> Main.settings(Map.of("FLARE_TOPIC_PARTITIONS", "0"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flare.topic.partitions");
    }

    @Test
    void shouldPreferTheFlagWhenEnvironmentSetsTheSameKey() {
        Map<String, String> settings =
                Main.settings(Map.of("FLARE_DATA_DIR", "/from/env"), Map.of("flare.data.dir", "/from/flag"));

        assertThat(settings).containsEntry("flare.data.dir", "/from/flag");
    }

    @Test
    void shouldIgnoreNonFlareVariablesWhenReadingTheEnvironment() {
        Map<String, String> settings = Main.settings(Map.of("HOME", "/root"), Map.of());

        assertThat(settings).isEmpty();
    }

    @Test
    void shouldCountRetryTiersWhenDelaysAreSet() {
        assertThat(Main.retryTiers(Map.of("flare.connector.retry.delays", "1s, 5s,1m")))
                .isEqualTo(3);
    }

    private int run(Map<String, String> environment, String... args) {
        return Main.run(
                List.of(args),
                environment,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
