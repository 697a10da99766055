package dev.flare.topology.internal;

import dev.flare.model.Subscription;
import dev.flare.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mirrors the compacted subscriptions topic into the global subscription store; a tombstone removes the entry. */
public final class SubscriptionStoreUpdater extends ContextualProcessor<String, Subscription, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStoreUpdater.class);

    private KeyValueStore<String, Subscription> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        store = context.getStateStore(TopologyNames.SUBSCRIPTION_STORE);
    }

    @Override
    public void process(Record<String, Subscription> record) {
        if (record.key() == null) {
            LOG.warn("Skipping a subscription record without a key at {}", RecordOrigin.of(context()));
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
