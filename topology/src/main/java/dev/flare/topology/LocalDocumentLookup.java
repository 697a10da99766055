package dev.flare.topology;

import dev.flare.model.DocumentLookup;
import dev.flare.model.DocumentState;
import dev.flare.model.StateUnavailableException;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the topology's state held by this process through interactive queries, active stores only. It sees the
 * documents of the partitions this instance owns: all of them in standalone mode (one instance).
 */
public final class LocalDocumentLookup implements DocumentLookup {

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
     * What the topology knows about one subscription's copy of one document.
     *
     * @throws StateUnavailableException while the streams instance is starting, restoring or rebalancing
     */
    public Optional<SubscriptionDeliveryState> deliveryState(String subscriptionId, String url) {
        return read(TopologyNames.SUBSCRIPTION_DELIVERY_STORE, SubscriptionDeliveryState.key(subscriptionId, url));
    }

    private <V> Optional<V> read(String storeName, String key) {
        try {
            ReadOnlyKeyValueStore<String, V> store =
                    streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(key));
        } catch (InvalidStateStoreException e) {
            throw new StateUnavailableException("Topology state store " + storeName + " is not available now", e);
        }
    }
}
