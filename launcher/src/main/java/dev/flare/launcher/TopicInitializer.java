package dev.flare.launcher;

import dev.flare.launcher.internal.TopicSpec;
import dev.flare.model.Topics;
import dev.flare.model.config.FlareConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics Flare needs when they are missing and checks the ones that exist. Resources and subscriptions
 * are compacted with 1 partition (small catalogs read whole); documents, deliveries, delivery-results and every
 * retry tier get {@code flare.topic.partitions}; both dead-letter topics too, kept 30 days. An existing topic with
 * the wrong cleanup policy, or documents and delivery-results with different partition counts (they are
 * co-partitioned), fails with a {@link TopicConfigurationException} naming the topic and the fix. Idempotent, and
 * safe when several processes initialize at once.
 */
public final class TopicInitializer {

    /** How long dead letters are kept. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);
    private static final String COMPACT = TopicConfig.CLEANUP_POLICY_COMPACT;
    private static final String DELETE = TopicConfig.CLEANUP_POLICY_DELETE;
    private static final int MAX_ATTEMPTS = 3;

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin a connected admin client, not closed by this class
     * @param timeout how long each admin call may take
     */
    public TopicInitializer(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** The topics Flare needs for {@code config} and {@code retryTiers} retry tiers, in creation order. */
    public static List<TopicSpec> plan(FlareConfig config, int retryTiers) {
        if (retryTiers < 0) {
            throw new IllegalArgumentException("retryTiers must be >= 0, not " + retryTiers);
        }
        Topics topics = config.topics();
        int partitions = config.getInt(FlareConfig.TOPIC_PARTITIONS);
        short replication = config.getShort(FlareConfig.TOPIC_REPLICATION_FACTOR);
        Map<String, String> compacted = withMinIsr(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, COMPACT), replication);
        Map<String, String> deleted = withMinIsr(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, DELETE), replication);
        Map<String, String> deadLetters = withMinIsr(
                Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(DEAD_LETTER_RETENTION.toMillis())),
                replication);
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(new TopicSpec(topics.resources(), 1, replication, compacted));
        specs.add(new TopicSpec(topics.subscriptions(), 1, replication, compacted));
        specs.add(new TopicSpec(topics.documents(), partitions, replication, deleted));
        specs.add(new TopicSpec(topics.deliveries(), partitions, replication, deleted));
        specs.add(new TopicSpec(topics.deliveryResults(), partitions, replication, deleted));
        specs.add(new TopicSpec(topics.deliveryCommands(), partitions, replication, deleted));
        for (String retry : topics.retries(retryTiers)) {
            specs.add(new TopicSpec(retry, partitions, replication, deleted));
        }
        specs.add(new TopicSpec(topics.deadLetters(), partitions, replication, deadLetters));
        specs.add(new TopicSpec(topics.topologyDeadLetters(), partitions, replication, deadLetters));
        return List.copyOf(specs);
    }

    /**
     * Checks the existing topics and creates the missing ones.
     *
     * @return the names of the topics this call created
     * @throws TopicConfigurationException when an existing topic does not fit
     * @throws KafkaException when Kafka cannot be reached or refuses a request
     */
    public List<String> initialize(FlareConfig config, int retryTiers) throws InterruptedException {
        List<TopicSpec> specs = plan(config, retryTiers);
        List<String> created = new ArrayList<>();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, TopicDescription> existing = describeExisting(specs);
            check(config, specs, existing);
            List<TopicSpec> missing = specs.stream()
                    .filter(spec -> !existing.containsKey(spec.name()))
                    .toList();
            if (missing.isEmpty()) {
                break;
            }
            boolean raced = create(missing, created);
            awaitVisible(missing.stream().map(TopicSpec::name).toList());
            if (!raced) {
                break;
            }
        }
        if (!created.isEmpty()) {
            LOG.info("Created topics {}", created);
        }
        return List.copyOf(created);
    }

    private static Map<String, String> withMinIsr(Map<String, String> configs, short replication) {
        Map<String, String> all = new LinkedHashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replication >= 3 ? "2" : "1");
        return all;
    }

    private Map<String, TopicDescription> describeExisting(List<TopicSpec> specs) throws InterruptedException {
        Set<String> names = await(admin.listTopics().names());
        List<String> wanted =
                specs.stream().map(TopicSpec::name).filter(names::contains).toList();
        if (wanted.isEmpty()) {
            return Map.of();
        }
        return await(admin.describeTopics(wanted).allTopicNames());
    }

    private void check(FlareConfig config, List<TopicSpec> specs, Map<String, TopicDescription> existing)
            throws InterruptedException {
        if (!existing.isEmpty()) {
            List<ConfigResource> resources = existing.keySet().stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .toList();
            Map<ConfigResource, Config> configs =
                    await(admin.describeConfigs(resources).all());
            for (TopicSpec spec : specs) {
                Config topicConfig = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                if (topicConfig != null) {
                    checkCleanupPolicy(spec, topicConfig);
                }
            }
        }
        checkCoPartitioned(config, specs, existing);
    }

    private static void checkCleanupPolicy(TopicSpec spec, Config topicConfig) {
        ConfigEntry entry = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        String actual = entry == null ? DELETE : entry.value();
        if (!spec.cleanupPolicy().equals(actual)) {
            throw new TopicConfigurationException("Topic " + spec.name() + " has cleanup.policy=" + actual
                    + " but Flare needs cleanup.policy=" + spec.cleanupPolicy() + ". Fix: kafka-configs.sh"
                    + " --alter --entity-type topics --entity-name " + spec.name() + " --add-config cleanup.policy="
                    + spec.cleanupPolicy() + " (or delete the topic so Flare creates it).");
        }
    }

    private static void checkCoPartitioned(
            FlareConfig config, List<TopicSpec> specs, Map<String, TopicDescription> existing) {
        Topics topics = config.topics();
        String documents = topics.documents();
        int documentPartitions = partitions(documents, specs, existing);
        for (String other : List.of(topics.deliveryResults(), topics.deliveryCommands())) {
            int otherPartitions = partitions(other, specs, existing);
            if (documentPartitions != otherPartitions) {
                throw new TopicConfigurationException("Topics " + documents + " (" + documentPartitions
                        + " partitions" + state(documents, existing) + ") and " + other + " (" + otherPartitions
                        + " partitions" + state(other, existing) + ") must have the same number of partitions: the"
                        + " topology reads them co-partitioned. Fix: set " + FlareConfig.TOPIC_PARTITIONS
                        + " (FLARE_TOPIC_PARTITIONS) to the existing count, or add partitions with kafka-topics.sh"
                        + " --alter --topic <name> --partitions " + Math.max(documentPartitions, otherPartitions)
                        + " so both match (before any document was written: adding partitions moves keys).");
            }
        }
    }

    private static int partitions(String topic, List<TopicSpec> specs, Map<String, TopicDescription> existing) {
        TopicDescription description = existing.get(topic);
        if (description != null) {
            return description.partitions().size();
        }
        return specs.stream()
                .filter(spec -> spec.name().equals(topic))
                .findFirst()
                .orElseThrow()
                .partitions();
    }

    private static String state(String topic, Map<String, TopicDescription> existing) {
        return existing.containsKey(topic) ? ", existing" : ", to be created";
    }

    private boolean create(List<TopicSpec> missing, List<String> created) throws InterruptedException {
        List<NewTopic> newTopics = missing.stream()
                .map(spec ->
                        new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()))
                .toList();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
        boolean raced = false;
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                await(result.getValue());
                created.add(result.getKey());
            } catch (KafkaException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                LOG.debug("Topic {} was created concurrently", result.getKey());
                raced = true;
            }
        }
        return raced;
    }

    private void awaitVisible(List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new KafkaException(
                            "Kafka refused a topic request: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                LOG.debug("Waiting for topics {} to be visible", names);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new KafkaException("Topics " + names + " were created but are not visible after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private <T> T await(KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "Kafka refused a topic request: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Kafka did not answer a topic request within " + timeout, e);
        }
    }
}
