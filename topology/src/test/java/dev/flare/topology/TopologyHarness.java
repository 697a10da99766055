package dev.flare.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.CommandProgress;
import dev.flare.model.ContentOptions;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryCommand;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.DeliveryResult;
import dev.flare.model.DocumentChange;
import dev.flare.model.DocumentState;
import dev.flare.model.Endpoint;
import dev.flare.model.Outcome;
import dev.flare.model.Subscription;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.model.Topics;
import dev.flare.model.config.FlareConfig;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.json.RawJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** A fresh topology in a {@link TopologyTestDriver}, with a simulated ingest and connector around it. */
final class TopologyHarness implements AutoCloseable {

    static final Topics TOPICS = new Topics("test");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The stores that have a changelog, with the type of their values, so that a restart can restore them. */
    private static final Map<String, Class<?>> CHANGELOGGED_STORES = Map.of(
            TopologyNames.DOCUMENT_STORE, DocumentState.class,
            TopologyNames.SUBSCRIPTION_DELIVERY_STORE, SubscriptionDeliveryState.class,
            TopologyNames.BACKFILLED_STORE, Instant.class,
            TopologyNames.COMMAND_PROGRESS_STORE, CommandProgress.class);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Properties settings;
    private final String applicationId;
    private final Map<String, Subscription> subscriptionsTopic = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> changelogTopics = new LinkedHashMap<>();
    private final List<Delivery> unread = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, DocumentChange> documents;
    private TestInputTopic<String, byte[]> rawDocuments;
    private TestInputTopic<String, DeliveryResult> results;
    private TestInputTopic<String, Subscription> subscriptions;
    private TestInputTopic<String, DeliveryCommand> commands;
    private TestOutputTopic<String, Delivery> deliveries;
    private long tick;

    private TopologyHarness(Path stateDir) {
        applicationId = "test-" + UUID.randomUUID();
        FlareConfig shared = new FlareConfig(Map.of(FlareConfig.TOPIC_PREFIX, TOPICS.prefix()));
        TopologyConfig config = new TopologyConfig(
                Map.of(TopologyConfig.APPLICATION_ID, applicationId, TopologyConfig.STATE_DIR, stateDir.toString()));
        settings = StreamsSettings.of(shared, config);
        start();
    }

    private void start() {
        driver = new TopologyTestDriver(FlareTopology.build(TOPICS, new TopologyMetrics(registry)), settings);
        StringSerializer keys = new StringSerializer();
        documents = driver.createInputTopic(
                TOPICS.documents(), keys, JsonSerde.of(DocumentChange.class).serializer());
        rawDocuments = driver.createInputTopic(TOPICS.documents(), keys, new ByteArraySerializer());
        results = driver.createInputTopic(
                TOPICS.deliveryResults(),
                keys,
                JsonSerde.of(DeliveryResult.class).serializer());
        subscriptions = driver.createInputTopic(
                TOPICS.subscriptions(), keys, JsonSerde.of(Subscription.class).serializer());
        commands = driver.createInputTopic(
                TOPICS.deliveryCommands(),
                keys,
                JsonSerde.of(DeliveryCommand.class).serializer());
        deliveries = driver.createOutputTopic(
                TOPICS.deliveries(),
                new StringDeserializer(),
                JsonSerde.of(Delivery.class).deserializer());
    }

    static TopologyHarness create(Path stateDir) {
        return new TopologyHarness(stateDir);
    }

    static JsonNode content(String url, long revision) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", url);
        node.put("version", revision);
        return node;
    }

    void subscribe(String resourceId, String subscriptionId) {
        Subscription subscription = subscription(resourceId, subscriptionId);
        subscriptionsTopic.put(subscription.key(), subscription);
        subscriptions.pipeInput(subscription.key(), subscription);
    }

    private static Subscription subscription(String resourceId, String subscriptionId) {
        return new Subscription(
                subscriptionId,
                resourceId,
                new Endpoint("http://client.example/" + subscriptionId + "/{id}", "POST", null, null),
                new DeliveryPolicy(null, null),
                ContentOptions.DEFAULT,
                null,
                T0);
    }

    void unsubscribe(String resourceId, String subscriptionId) {
        subscriptionsTopic.remove(Subscription.key(resourceId, subscriptionId));
        subscriptions.pipeInput(Subscription.key(resourceId, subscriptionId), null);
    }

    void put(String url, String resourceId, long revision) {
        documents.pipeInput(
                url, DocumentChange.put(url, resourceId, revision, false, RawJson.of(content(url, revision)), next()));
    }

    void putDate(String url, String resourceId, Instant version) {
        long nanos = version.getEpochSecond() * 1_000_000_000L + version.getNano();
        documents.pipeInput(
                url, DocumentChange.put(url, resourceId, nanos, true, RawJson.of(content(url, nanos)), next()));
    }

    void delete(String url, String resourceId) {
        documents.pipeInput(url, DocumentChange.delete(url, resourceId, next()));
    }

    void pipeRawDocument(String url, byte[] value) {
        rawDocuments.pipeInput(url, value);
    }

    DeliveryResult report(Delivery delivery, Outcome outcome) {
        Integer status = null;
        if (outcome == Outcome.DELIVERED) {
            status = 200;
        } else if (outcome == Outcome.DISCARDED) {
            status = 410;
        }
        DeliveryResult result = DeliveryResult.of(delivery, outcome, status, null, next());
        results.pipeInput(delivery.documentUrl(), result);
        return result;
    }

    /** A result the connector already reported, sent again (its producer retried, or it re-processed). */
    void reportAgain(DeliveryResult result) {
        results.pipeInput(result.documentUrl(), result);
    }

    /** A backfill command, as the API writes it when a subscription is created with {@code "backfill": true}. */
    void backfill(String resourceId, String subscriptionId) {
        commands.pipeInput(null, DeliveryCommand.backfill(subscription(resourceId, subscriptionId), next()));
    }

    /** A replay command, as the API writes it. */
    void replay(String resourceId, String subscriptionId, Instant since, boolean reset) {
        commands.pipeInput(
                null, DeliveryCommand.replay(subscription(resourceId, subscriptionId), since, reset, next()));
    }

    /** The time the next record will carry. */
    Instant now() {
        return T0.plusSeconds(tick + 1);
    }

    /** Re-drives what the state shows for one subscription's copy of a document, as the API would. */
    void redrive(SubscriptionDeliveryState seen) {
        commands.pipeInput(seen.documentUrl(), DeliveryCommand.redrive(seen, next()));
    }

    /** Deliveries emitted since the last read. */
    List<Delivery> deliveries() {
        List<Delivery> emitted = new ArrayList<>(unread);
        unread.clear();
        emitted.addAll(deliveries.readValuesToList());
        return emitted;
    }

    /**
     * Stops the topology and starts it again with its state restored, as after a crash of its process.
     *
     * <p>Note: {@link TopologyTestDriver#close()} deletes the state directory and a new driver never restores from
     * changelogs, so the restart does what Kafka Streams does when a task's local state is gone: every store is
     * rebuilt from the latest record per key of its changelog topic (which outlives the drivers, as a topic outlives
     * a process), and the global subscription store from its topic. The driver commits after every input record, so
     * this is the state after the last commit, which is what a crash at any moment leaves under exactly_once_v2;
     * at_least_once replays are not modelled.
     */
    void restart() {
        Set<String> unknown = new HashSet<>(driver.getAllStateStores().keySet());
        unknown.removeAll(CHANGELOGGED_STORES.keySet());
        unknown.remove(TopologyNames.SUBSCRIPTION_STORE);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("The harness cannot restore stores " + unknown);
        }
        unread.addAll(deliveries.readValuesToList());
        CHANGELOGGED_STORES.forEach(this::readChangelog);
        driver.close();
        start();
        changelogTopics.forEach((store, entries) -> {
            KeyValueStore<String, Object> restored = driver.getKeyValueStore(store);
            entries.forEach(restored::put);
        });
        subscriptionsTopic.forEach(subscriptions::pipeInput);
    }

    /** Appends what the running driver wrote to a store's changelog to {@link #changelogTopics}, compacted. */
    private void readChangelog(String store, Class<?> type) {
        Map<String, Object> latest = changelogTopics.computeIfAbsent(store, s -> new LinkedHashMap<>());
        TestOutputTopic<String, ?> changelog = driver.createOutputTopic(
                applicationId + "-" + store + "-changelog",
                new StringDeserializer(),
                JsonSerde.of(type).deserializer());
        for (KeyValue<String, ?> entry : changelog.readKeyValuesToList()) {
            if (entry.value == null) {
                latest.remove(entry.key);
            } else {
                latest.put(entry.key, entry.value);
            }
        }
    }

    /** Acknowledges every delivery as delivered as soon as it is emitted, until none is left; returns them all. */
    List<Delivery> acknowledgeAll() {
        List<Delivery> all = new ArrayList<>();
        List<Delivery> batch = deliveries();
        while (!batch.isEmpty()) {
            all.addAll(batch);
            batch.forEach(delivery -> report(delivery, Outcome.DELIVERED));
            batch = deliveries();
        }
        return all;
    }

    DocumentState document(String url) {
        return driver.<String, DocumentState>getKeyValueStore(TopologyNames.DOCUMENT_STORE)
                .get(url);
    }

    SubscriptionDeliveryState state(String subscriptionId, String url) {
        return driver.<String, SubscriptionDeliveryState>getKeyValueStore(TopologyNames.SUBSCRIPTION_DELIVERY_STORE)
                .get(SubscriptionDeliveryState.key(subscriptionId, url));
    }

    double counter(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }

    private Instant next() {
        tick++;
        return T0.plusSeconds(tick);
    }

    @Override
    public void close() {
        driver.close();
    }
}
