package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void shouldUseDocumentedDefaultsWhenNothingIsSet() {
        IngestConfig config = new IngestConfig(Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(config.produceTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldNameTheKeyWhenBodyLimitIsBelowOneKibibyte() {
        assertThatThrownBy(() -> new IngestConfig(Map.of(IngestConfig.MAX_BODY_BYTES, "100")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(IngestConfig.MAX_BODY_BYTES);
    }
}
