package dev.flare.topology.internal;

import dev.flare.model.Delivery;
import dev.flare.model.DocumentChange;
import dev.flare.model.DocumentState;
import dev.flare.model.Subscription;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.topology.TopologyMetrics;
import dev.flare.topology.TopologyMetrics.ChangeIgnored;
import dev.flare.topology.TopologyNames;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a document PUT or DELETE: stores the document's new state when it is newer (spec §3 I1, I5) and, for
 * every subscription of its resource, emits a delivery or queues the position behind the one in flight.
 */
public final class DocumentChangeProcessor extends ContextualProcessor<String, DocumentChange, String, Delivery> {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentChangeProcessor.class);
    private static final Serializer<String> PREFIX_SERIALIZER = new StringSerializer();

    private final TopologyMetrics metrics;
    private KeyValueStore<String, DocumentState> documents;
    private ReadOnlyKeyValueStore<String, Subscription> subscriptions;
    private DeliveryPlanner planner;

    public DocumentChangeProcessor(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        super.init(context);
        documents = context.getStateStore(TopologyNames.DOCUMENT_STORE);
        subscriptions = context.getStateStore(TopologyNames.SUBSCRIPTION_STORE);
        KeyValueStore<String, SubscriptionDeliveryState> states =
                context.getStateStore(TopologyNames.SUBSCRIPTION_DELIVERY_STORE);
        planner = new DeliveryPlanner(states, metrics);
    }

    @Override
    public void process(Record<String, DocumentChange> record) {
        String url = record.key();
        DocumentChange change = record.value();
        if (url == null || change == null || (!change.deleted() && change.resourceId() == null)) {
            metrics.changeIgnored(ChangeIgnored.INVALID);
            LOG.warn("Skipping a document change without a URL, a value or a resource at {}", origin());
            return;
        }
        DocumentState current = documents.get(url);
        ChangeIgnored ignored = ignoreReason(current, change);
        if (ignored != null) {
            metrics.changeIgnored(ignored);
            LOG.debug("Ignoring document change of {} ({}) at {}", url, ignored, origin());
            return;
        }
        Instant at = change.receivedAt() != null ? change.receivedAt() : Instant.ofEpochMilli(record.timestamp());
        DocumentState next = change.deleted()
                ? new DocumentState(
                        url, current.resourceId(), current.revision(), true, current.dateVersion(), null, at)
                : new DocumentState(
                        url, change.resourceId(), change.revision(), false, change.dateVersion(), change.content(), at);
        documents.put(url, next);
        metrics.changeAccepted();
        try (KeyValueIterator<String, Subscription> it =
                subscriptions.prefixScan(Subscription.keyPrefix(next.resourceId()), PREFIX_SERIALIZER)) {
            while (it.hasNext()) {
                KeyValue<String, Subscription> entry = it.next();
                if (entry.value != null) {
                    planner.onChange(entry.value, next, at)
                            .ifPresent(delivery -> context().forward(record.withValue(delivery)));
                }
            }
        }
    }

    private static ChangeIgnored ignoreReason(DocumentState current, DocumentChange change) {
        if (change.deleted()) {
            return current == null || current.deleted() ? ChangeIgnored.DELETE_OF_NOTHING : null;
        }
        if (current == null || change.revision() > current.revision()) {
            return null;
        }
        return change.revision() == current.revision() && !current.deleted()
                ? ChangeIgnored.DUPLICATE
                : ChangeIgnored.STALE;
    }

    private String origin() {
        return RecordOrigin.of(context());
    }
}
