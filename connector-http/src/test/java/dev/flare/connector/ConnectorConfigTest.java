package dev.flare.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {

    @Test
    void shouldUseDocumentedDefaultsWhenNothingIsSet() {
        ConnectorConfig config = new ConnectorConfig(Map.of());

        assertThat(config.groupId()).isEqualTo("flare-connector");
        assertThat(config.retryDelays())
                .containsExactly(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(10),
                        Duration.ofHours(1),
                        Duration.ofHours(6));
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.maxInFlight()).isEqualTo(1000);
        assertThat(config.allowedCidrs()).isEmpty();
        assertThat(config.instanceId()).isNotBlank();
    }

    @Test
    void shouldNameTheKeyWhenARetryDelayIsMalformed() {
        assertThatThrownBy(() -> new ConnectorConfig(Map.of(ConnectorConfig.RETRY_DELAYS, "5s,10 minutes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConnectorConfig.RETRY_DELAYS)
                .hasMessageContaining("10 minutes");
    }

    @Test
    void shouldNameTheKeyWhenAnAllowedCidrIsMalformed() {
        assertThatThrownBy(() -> new ConnectorConfig(Map.of(ConnectorConfig.ALLOWED_CIDRS, "10.0.0.0/8,nope")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConnectorConfig.ALLOWED_CIDRS);
    }

    @Test
    void shouldRejectJitterWhenAboveHalf() {
        assertThatThrownBy(() -> new ConnectorConfig(Map.of(ConnectorConfig.RETRY_JITTER, "0.6")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConnectorConfig.RETRY_JITTER);
    }
}
