package dev.flare.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A fresh topology in a {@link TopologyTestDriver}, with a simulated ingest and connector around it. */
final class TopologyHarness implements AutoCloseable {

    static final Topics TOPICS = new Topics("test");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    private final TestInputTopic<String, DocumentChange> documents;
    private final TestInputTopic<String, byte[]> rawDocuments;
    private final TestInputTopic<String, DeliveryResult> results;
    private final TestInputTopic<String, Subscription> subscriptions;
    private final TestInputTopic<String, DeliveryCommand> commands;
    private final TestOutputTopic<String, Delivery> deliveries;
    private long tick;

    private TopologyHarness(Path stateDir) {
        FlareConfig shared = new FlareConfig(Map.of(FlareConfig.TOPIC_PREFIX, TOPICS.prefix()));
        TopologyConfig config = new TopologyConfig(Map.of(
                TopologyConfig.APPLICATION_ID,
                "test-" + UUID.randomUUID(),
                TopologyConfig.STATE_DIR,
                stateDir.toString()));
        driver = new TopologyTestDriver(
                FlareTopology.build(TOPICS, new TopologyMetrics(registry)), StreamsSettings.of(shared, config));
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
        Subscription subscription = new Subscription(
                subscriptionId,
                resourceId,
                new Endpoint("http://client.example/" + subscriptionId + "/{id}", "POST", null, null),
                new DeliveryPolicy(null, null),
                ContentOptions.DEFAULT,
                null,
                T0);
        subscriptions.pipeInput(subscription.key(), subscription);
    }

    void unsubscribe(String resourceId, String subscriptionId) {
        subscriptions.pipeInput(Subscription.key(resourceId, subscriptionId), null);
    }

    void put(String url, String resourceId, long revision) {
        documents.pipeInput(url, DocumentChange.put(url, resourceId, revision, false, content(url, revision), next()));
    }

    void putDate(String url, String resourceId, Instant version) {
        long nanos = version.getEpochSecond() * 1_000_000_000L + version.getNano();
        documents.pipeInput(url, DocumentChange.put(url, resourceId, nanos, true, content(url, nanos), next()));
    }

    void delete(String url, String resourceId) {
        documents.pipeInput(url, DocumentChange.delete(url, resourceId, next()));
    }

    void pipeRawDocument(String url, byte[] value) {
        rawDocuments.pipeInput(url, value);
    }

    void report(Delivery delivery, Outcome outcome) {
        Integer status = null;
        if (outcome == Outcome.DELIVERED) {
            status = 200;
        } else if (outcome == Outcome.DISCARDED) {
            status = 410;
        }
        results.pipeInput(delivery.documentUrl(), DeliveryResult.of(delivery, outcome, status, null, next()));
    }

    /** Re-drives what the state shows for one subscription's copy of a document, as the API would. */
    void redrive(SubscriptionDeliveryState seen) {
        commands.pipeInput(seen.documentUrl(), DeliveryCommand.redrive(seen, next()));
    }

    /** Deliveries emitted since the last read. */
    List<Delivery> deliveries() {
        return deliveries.readValuesToList();
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
