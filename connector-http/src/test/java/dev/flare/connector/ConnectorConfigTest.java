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
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.subscriptionMaxConcurrency()).isEqualTo(16);
        assertThat(config.subscriptionQueueSize()).isEqualTo(16);
        assertThat(config.circuitFailureThreshold()).isEqualTo(5);
        assertThat(config.circuitOpen()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldNameTheKeyWhenSubscriptionConcurrencyIsOutOfRange() {
        assertThatThrownBy(() -> new ConnectorConfig(Map.of(ConnectorConfig.SUBSCRIPTION_MAX_CONCURRENCY, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConnectorConfig.SUBSCRIPTION_MAX_CONCURRENCY);
    }

    @Test
    void shouldNameTheKeyWhenCircuitThresholdIsOutOfRange() {
        assertThatThrownBy(() -> new ConnectorConfig(Map.of(ConnectorConfig.CIRCUIT_FAILURE_THRESHOLD, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConnectorConfig.CIRCUIT_FAILURE_THRESHOLD);
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
