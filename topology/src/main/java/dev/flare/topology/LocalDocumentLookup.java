package dev.flare.topology;

import dev.flare.model.CommandProgress;
import dev.flare.model.DeliveryStateLookup;
import dev.flare.model.DocumentLookup;
import dev.flare.model.DocumentState;
import dev.flare.model.StateUnavailableException;
import dev.flare.model.SubscriptionDeliveryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the topology's state held by this process through interactive queries, active stores only. It sees the
 * documents of the partitions this instance owns: all of them in standalone mode (one instance).
 */
public final class LocalDocumentLookup implements DocumentLookup, DeliveryStateLookup {

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final KafkaStreams streams;

    public LocalDocumentLookup(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StateUnavailableException while the streams instance is starting, restoring or rebalancing
     */
    @Override
    public Optional<DocumentState> document(String url) {
        return read(TopologyNames.DOCUMENT_STORE, url);
    }

    /**
     * {@inheritDoc}
     *
     * @throws StateUnavailableException while the streams instance is starting, restoring or rebalancing
     */
    @Override
    public Optional<SubscriptionDeliveryState> deliveryState(String subscriptionId, String url) {
        return read(TopologyNames.SUBSCRIPTION_DELIVERY_STORE, SubscriptionDeliveryState.key(subscriptionId, url));
    }

    /**
     * {@inheritDoc}
     *
     * @throws StateUnavailableException while the streams instance is starting, restoring or rebalancing
     */
    @Override
    public void forEachDeliveryState(String subscriptionId, Consumer<SubscriptionDeliveryState> visitor) {
        ReadOnlyKeyValueStore<String, SubscriptionDeliveryState> store =
                store(TopologyNames.SUBSCRIPTION_DELIVERY_STORE);
        try (KeyValueIterator<String, SubscriptionDeliveryState> it =
                store.prefixScan(SubscriptionDeliveryState.keyPrefix(subscriptionId), PREFIX_SERIALIZER)) {
            while (it.hasNext()) {
                SubscriptionDeliveryState state = it.next().value;
                if (state != null) {
                    visitor.accept(state);
                }
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(TopologyNames.SUBSCRIPTION_DELIVERY_STORE, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws StateUnavailableException while the streams instance is starting, restoring or rebalancing
     */
    @Override
    public List<CommandProgress> commandProgress(String subscriptionId) {
        List<CommandProgress> all = new ArrayList<>();
        ReadOnlyKeyValueStore<String, CommandProgress> store = store(TopologyNames.COMMAND_PROGRESS_STORE);
        try (KeyValueIterator<String, CommandProgress> it =
                store.prefixScan(SubscriptionDeliveryState.keyPrefix(subscriptionId), PREFIX_SERIALIZER)) {
            while (it.hasNext()) {
                all.add(it.next().value);
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(TopologyNames.COMMAND_PROGRESS_STORE, e);
        }
        return all;
    }

    private <V> Optional<V> read(String storeName, String key) {
        try {
            ReadOnlyKeyValueStore<String, V> store = store(storeName);
            return Optional.ofNullable(store.get(key));
        } catch (InvalidStateStoreException e) {
            throw unavailable(storeName, e);
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String storeName) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw unavailable(storeName, e);
        }
    }

    private static StateUnavailableException unavailable(String storeName, InvalidStateStoreException e) {
        return new StateUnavailableException("Topology state store " + storeName + " is not available now", e);
    }
}
