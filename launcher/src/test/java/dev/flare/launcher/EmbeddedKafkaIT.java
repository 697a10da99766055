package dev.flare.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.launcher.internal.FreePorts;
import dev.flare.launcher.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepRecordsWhenRestartedOnSameDataDir() throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir, 0, 0)) {
            kafka.start();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            KafkaClusterExtension.produce(kafka.bootstrapServers(), "kept", "key", "value");
        }

        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir, 0, 0)) {
            kafka.start();
            List<ConsumerRecord<String, String>> records = KafkaClusterExtension.consumeUntil(
                    kafka.bootstrapServers(), "kept", read -> !read.isEmpty(), TIMEOUT);
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("key");
                assertThat(record.value()).isEqualTo("value");
            });
        }
    }

    @Test
    void shouldKeepCommittedOffsetsWhenRestartedOnSameDataDir() throws Exception {
        TopicPartition partition = new TopicPartition("offsets", 0);
        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir, 0, 0)) {
            kafka.start();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("offsets", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                KafkaClusterExtension.produce(kafka.bootstrapServers(), "offsets", "key", "value");
                admin.alterConsumerGroupOffsets("group", Map.of(partition, new OffsetAndMetadata(1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        }

        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir, 0, 0)) {
            kafka.start();
            try (Admin admin = admin(kafka)) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("group")
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                assertThat(offsets).containsEntry(partition, new OffsetAndMetadata(1));
            }
        }
    }

    @Test
    void shouldKeepClusterIdWhenRestartedOnSameDataDir() throws Exception {
        String first;
        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir, 0, 0)) {
            kafka.start();
            first = clusterId(kafka);
        }

        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir, 0, 0)) {
            kafka.start();
            assertThat(clusterId(kafka)).isEqualTo(first);
        }
    }

    @Test
    void shouldListenOnTheConfiguredPortWhenOneIsGiven() throws Exception {
        int port = FreePorts.pick("127.0.0.1");
        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port, 0)) {
            kafka.start();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
        }
    }

    private static String clusterId(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }
}
