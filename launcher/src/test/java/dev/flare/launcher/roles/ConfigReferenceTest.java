package dev.flare.launcher.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    @Test
    void shouldMatchTheCommittedReferenceWhenAKeyIsAddedOrChanged() throws Exception {
        Path committed = Path.of("..", "docs", "configuration.md");

        assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date: run ./flare config-docs --output docs/configuration.md")
                .isEqualTo(ConfigReference.markdown());
    }

    @Test
    void shouldNameEveryKeyWithItsEnvironmentVariable() {
        String markdown = ConfigReference.markdown();

        assertThat(markdown)
                .contains("`flare.kafka.bootstrap.servers` | `FLARE_KAFKA_BOOTSTRAP_SERVERS`")
                .contains("`flare.port` | `FLARE_PORT`")
                .contains("`flare.data.dir` | `FLARE_DATA_DIR`")
                .contains("`flare.topology.processing.guarantee`")
                .contains("`flare.connector.retry.delays`");
    }
}
