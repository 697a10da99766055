package dev.flare.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flare.model.config.FlareConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private static final FlareConfig SHARED = new FlareConfig(Map.of(
            FlareConfig.BOOTSTRAP_SERVERS,
            "broker-1:9092,broker-2:9092",
            FlareConfig.TOPIC_PREFIX,
            "acme",
            FlareConfig.TOPIC_REPLICATION_FACTOR,
            "3",
            "flare.kafka.security.protocol",
            "SSL"));

    private static Properties settings(Map<String, String> topology) {
        return StreamsSettings.of(SHARED, new TopologyConfig(topology));
    }

    @Test
    void shouldBeAcceptedByKafkaStreamsWhenBuiltFromDefaults() {
        StreamsConfig config = new StreamsConfig(settings(Map.of()));

        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("flare-topology");
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
        assertThat(config.getBoolean(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG))
                .isTrue();
    }

    @Test
    void shouldLingerBrieflyUnderAtLeastOnceAndKeepStreamsDefaultUnderExactlyOnce() {
        String linger = StreamsConfig.producerPrefix("linger.ms");

        assertThat(settings(Map.of(TopologyConfig.PROCESSING_GUARANTEE, "at_least_once")))
                .containsEntry(linger, StreamsSettings.AT_LEAST_ONCE_LINGER_MS);
        assertThat(settings(Map.of())).doesNotContainKey(linger);
        Properties overridden = StreamsSettings.of(
                new FlareConfig(
                        Map.of(FlareConfig.BOOTSTRAP_SERVERS, "b:9092", "flare.kafka.producer.linger.ms", "20")),
                new TopologyConfig(Map.of(TopologyConfig.PROCESSING_GUARANTEE, "at_least_once")));
        assertThat(overridden).containsEntry(linger, "20");
    }

    @Test
    void shouldPassClientSettingsThroughWhenSharedConfigHasThem() {
        Properties properties = settings(Map.of());

        assertThat(properties)
                .containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(StreamsConfig.producerPrefix("acks"), "all");
    }

    @Test
    void shouldCommitEvery100MsWhenExactlyOnceAndUnset() {
        assertThat(settings(Map.of())).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    }

    @Test
    void shouldCommitEvery100MsWhenAtLeastOnceAndUnset() {
        Properties properties = settings(Map.of(TopologyConfig.PROCESSING_GUARANTEE, TopologyConfig.AT_LEAST_ONCE));

        assertThat(properties).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    }

    @Test
    void shouldKeepTheCommitIntervalWhenSetExplicitly() {
        Properties properties = settings(Map.of(TopologyConfig.COMMIT_INTERVAL_MS, "250"));

        assertThat(properties).containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L);
    }

    @Test
    void shouldRejectAGuaranteeWhenItIsNotSupported() {
        assertThatThrownBy(() -> new TopologyConfig(Map.of(TopologyConfig.PROCESSING_GUARANTEE, "exactly_once")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TopologyConfig.PROCESSING_GUARANTEE);
    }

    @Test
    void shouldBuildADeadLetterRecordWhenARecordCannotBeDeserialized() {
        DeserializationExceptionHandler handler =
                new StreamsConfig(settings(Map.of())).deserializationExceptionHandler();
        byte[] key = "http://api.example/users/1".getBytes(StandardCharsets.UTF_8);
        byte[] value = "not json".getBytes(StandardCharsets.UTF_8);

        DeserializationExceptionHandler.Response response = handler.handleError(
                new PoisonContext(key, value),
                new ConsumerRecord<>("acme-documents", 2, 17L, key, value),
                new SerializationException("not JSON"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        List<ProducerRecord<byte[], byte[]>> dead = response.deadLetterQueueRecords();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).topic()).isEqualTo("acme-topology-dead-letters");
        assertThat(dead.get(0).key()).isEqualTo(key);
        assertThat(dead.get(0).value()).isEqualTo(value);
        assertThat(dead.get(0).headers().lastHeader("__streams.errors.offset").value())
                .isEqualTo("17".getBytes(StandardCharsets.UTF_8));
    }

    private static final class PoisonContext implements ErrorHandlerContext {

        private final byte[] key;
        private final byte[] value;

        PoisonContext(byte[] key, byte[] value) {
            this.key = key.clone();
            this.value = value.clone();
        }

        @Override
        public byte[] sourceRawKey() {
            return key.clone();
        }

        @Override
        public byte[] sourceRawValue() {
            return value.clone();
        }

        @Override
        public String topic() {
            return "acme-documents";
        }

        @Override
        public int partition() {
            return 2;
        }

        @Override
        public long offset() {
            return 17L;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return TopologyNames.DOCUMENTS_SOURCE;
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 2);
        }

        @Override
        public long timestamp() {
            return 0L;
        }
    }
}
