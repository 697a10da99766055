package dev.flare.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.Topics;
import dev.flare.model.config.FlareConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicInitializerIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private final String prefix = KafkaClusterExtension.uniqueName("flare");
    private final Topics topics = new Topics(prefix);
    private final FlareConfig config = new FlareConfig(Map.of(
            FlareConfig.BOOTSTRAP_SERVERS,
            KAFKA.bootstrapServers(),
            FlareConfig.TOPIC_PREFIX,
            prefix,
            FlareConfig.TOPIC_PARTITIONS,
            "3",
            FlareConfig.TOPIC_REPLICATION_FACTOR,
            "1"));
    private final TopicInitializer initializer = new TopicInitializer(KAFKA.admin(), Duration.ofSeconds(30));

    @Test
    void shouldCreateEveryTopicWhenNoneExists() throws Exception {
        List<String> created = initializer.initialize(config, 2);

        assertThat(created)
                .containsExactlyInAnyOrder(
                        topics.resources(),
                        topics.subscriptions(),
                        topics.documents(),
                        topics.deliveries(),
                        topics.deliveryResults(),
                        topics.deliveryCommands(),
                        topics.retry(1),
                        topics.retry(2),
                        topics.deadLetters(),
                        topics.topologyDeadLetters());
    }

    @Test
    void shouldGiveCatalogsOneCompactedPartitionWhenCreating() throws Exception {
        initializer.initialize(config, 1);

        assertThat(describe(topics.resources()).partitions()).hasSize(1);
        assertThat(describe(topics.subscriptions()).partitions()).hasSize(1);
        assertThat(configValue(topics.resources(), "cleanup.policy")).isEqualTo("compact");
        assertThat(configValue(topics.subscriptions(), "cleanup.policy")).isEqualTo("compact");
    }

    @Test
    void shouldGiveStreamTopicsTheConfiguredPartitionsWhenCreating() throws Exception {
        initializer.initialize(config, 1);

        for (String topic : List.of(
                topics.documents(),
                topics.deliveries(),
                topics.deliveryResults(),
                topics.deliveryCommands(),
                topics.retry(1),
                topics.deadLetters(),
                topics.topologyDeadLetters())) {
            assertThat(describe(topic).partitions()).as(topic).hasSize(3);
            assertThat(configValue(topic, "cleanup.policy")).as(topic).isEqualTo("delete");
        }
    }

    @Test
    void shouldKeepDeadLettersThirtyDaysWhenCreating() throws Exception {
        initializer.initialize(config, 1);

        assertThat(configValue(topics.deadLetters(), "retention.ms")).isEqualTo("2592000000");
        assertThat(configValue(topics.topologyDeadLetters(), "retention.ms")).isEqualTo("2592000000");
    }

    @Test
    void shouldCreateNothingWhenRunAgain() throws Exception {
        initializer.initialize(config, 2);

        assertThat(initializer.initialize(config, 2)).isEmpty();
    }

    @Test
    void shouldStopNamingBothTopicsWhenDocumentsHasAnotherPartitionCount() throws Exception {
        KAFKA.createTopic(topics.documents(), 2);

        assertThatThrownBy(() -> initializer.initialize(config, 1))
                .isInstanceOf(TopicConfigurationException.class)
                .hasMessageContaining(topics.documents() + " (2 partitions")
                .hasMessageContaining(topics.deliveryResults() + " (3 partitions")
                .hasMessageContaining(FlareConfig.TOPIC_PARTITIONS);
    }

    @Test
    void shouldCreateNothingWhenStoppedByAWrongPartitionCount() throws Exception {
        KAFKA.createTopic(topics.documents(), 2);

        assertThatThrownBy(() -> initializer.initialize(config, 1)).isInstanceOf(TopicConfigurationException.class);

        assertThat(topicNames()).doesNotContain(topics.resources(), topics.deliveryResults());
    }

    @Test
    void shouldStopNamingTheTopicWhenACatalogIsNotCompacted() throws Exception {
        KAFKA.createTopic(topics.subscriptions(), 1);

        assertThatThrownBy(() -> initializer.initialize(config, 1))
                .isInstanceOf(TopicConfigurationException.class)
                .hasMessageContaining("Topic " + topics.subscriptions() + " has cleanup.policy=delete")
                .hasMessageContaining("cleanup.policy=compact");
    }

    private static TopicDescription describe(String topic) throws Exception {
        return KAFKA.admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
    }

    private static String configValue(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = KAFKA.admin()
                .describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource);
        return config.get(key).value();
    }

    private static Set<String> topicNames() throws Exception {
        return KAFKA.admin().listTopics().names().get(30, TimeUnit.SECONDS);
    }
}
