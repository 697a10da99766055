package dev.flare.topology;

import dev.flare.model.CommandProgress;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryCommand;
import dev.flare.model.DeliveryResult;
import dev.flare.model.DocumentChange;
import dev.flare.model.DocumentState;
import dev.flare.model.Subscription;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.model.Topics;
import dev.flare.model.json.JsonSerde;
import dev.flare.topology.internal.DeliveryCommandProcessor;
import dev.flare.topology.internal.DeliveryResultProcessor;
import dev.flare.topology.internal.DocumentChangeProcessor;
import dev.flare.topology.internal.SubscriptionStoreUpdater;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Flare's change-detection topology (spec §2, §3): document changes, delivery results and operators' delivery
 * commands, co-partitioned by document URL, are applied by three processors sharing the {@value TopologyNames#DOCUMENT_STORE} and
 * {@value TopologyNames#SUBSCRIPTION_DELIVERY_STORE} stores; subscriptions are a global store; deliveries go to
 * {@link Topics#deliveries()}. The documents, delivery-results and delivery-commands topics must have the same partition count.
 */
public final class FlareTopology {

    /**
     * Subscriptions kept parsed: every change reads all of its resource's subscriptions, and parsing them again each
     * time was a tenth of the stream thread's CPU with one subscription per resource.
     */
    static final int SUBSCRIPTIONS_KEPT_READ = 10_000;

    private FlareTopology() {}

    /** The topology, pure: no I/O, nothing started. */
    public static Topology build(Topics topics, TopologyMetrics metrics) {
        Serde<String> keys = Serdes.String();
        Topology topology = new Topology();
        topology.addSource(
                TopologyNames.DOCUMENTS_SOURCE,
                keys.deserializer(),
                JsonSerde.of(DocumentChange.class).deserializer(),
                topics.documents());
        topology.addSource(
                TopologyNames.DELIVERY_RESULTS_SOURCE,
                keys.deserializer(),
                JsonSerde.of(DeliveryResult.class).deserializer(),
                topics.deliveryResults());
        topology.addSource(
                TopologyNames.DELIVERY_COMMANDS_SOURCE,
                keys.deserializer(),
                JsonSerde.of(DeliveryCommand.class).deserializer(),
                topics.deliveryCommands());
        topology.addProcessor(
                TopologyNames.DOCUMENT_CHANGE_PROCESSOR,
                () -> new DocumentChangeProcessor(metrics),
                TopologyNames.DOCUMENTS_SOURCE);
        topology.addProcessor(
                TopologyNames.DELIVERY_RESULT_PROCESSOR,
                () -> new DeliveryResultProcessor(metrics),
                TopologyNames.DELIVERY_RESULTS_SOURCE);
        topology.addProcessor(
                TopologyNames.DELIVERY_COMMAND_PROCESSOR,
                () -> new DeliveryCommandProcessor(metrics),
                TopologyNames.DELIVERY_COMMANDS_SOURCE);
        String[] stateful = {
            TopologyNames.DOCUMENT_CHANGE_PROCESSOR,
            TopologyNames.DELIVERY_RESULT_PROCESSOR,
            TopologyNames.DELIVERY_COMMAND_PROCESSOR
        };
        topology.addStateStore(documentStore(), stateful);
        topology.addStateStore(subscriptionDeliveryStore(), stateful);
        topology.addStateStore(
                backfilledStore(), TopologyNames.DOCUMENT_CHANGE_PROCESSOR, TopologyNames.DELIVERY_COMMAND_PROCESSOR);
        topology.addStateStore(progressStore(), TopologyNames.DELIVERY_COMMAND_PROCESSOR);
        topology.addSink(
                TopologyNames.DELIVERIES_SINK,
                topics.deliveries(),
                keys.serializer(),
                JsonSerde.of(Delivery.class).serializer(),
                stateful);
        topology.addGlobalStore(
                subscriptionStore(),
                TopologyNames.SUBSCRIPTIONS_SOURCE,
                keys.deserializer(),
                JsonSerde.of(Subscription.class).deserializer(),
                topics.subscriptions(),
                TopologyNames.SUBSCRIPTIONS_PROCESSOR,
                SubscriptionStoreUpdater::new);
        return topology;
    }

    // Note: the document and delivered-version stores have no record cache. Their keys seldom repeat within a commit
    // interval, and the cache's sorted map cost the stream thread more than the RocksDB reads and writes it saved
    // (docs/performance.md, "Findings").
    private static StoreBuilder<KeyValueStore<String, DocumentState>> documentStore() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.DOCUMENT_STORE),
                Serdes.String(),
                JsonSerde.of(DocumentState.class));
    }

    private static StoreBuilder<KeyValueStore<String, SubscriptionDeliveryState>> subscriptionDeliveryStore() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.SUBSCRIPTION_DELIVERY_STORE),
                Serdes.String(),
                JsonSerde.of(SubscriptionDeliveryState.class));
    }

    private static StoreBuilder<KeyValueStore<String, Instant>> backfilledStore() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.BACKFILLED_STORE),
                Serdes.String(),
                JsonSerde.of(Instant.class));
    }

    private static StoreBuilder<KeyValueStore<String, CommandProgress>> progressStore() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.COMMAND_PROGRESS_STORE),
                Serdes.String(),
                JsonSerde.of(CommandProgress.class));
    }

    private static StoreBuilder<KeyValueStore<String, Subscription>> subscriptionStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TopologyNames.SUBSCRIPTION_STORE),
                        Serdes.String(),
                        JsonSerde.memoizing(Subscription.class, SUBSCRIPTIONS_KEPT_READ))
                .withLoggingDisabled();
    }
}
