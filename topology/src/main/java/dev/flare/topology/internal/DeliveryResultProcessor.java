package dev.flare.topology.internal;

import dev.flare.model.Delivery;
import dev.flare.model.DeliveryResult;
import dev.flare.model.DocumentState;
import dev.flare.model.Outcome;
import dev.flare.model.Subscription;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.topology.TopologyMetrics;
import dev.flare.topology.TopologyMetrics.ResultIgnored;
import dev.flare.topology.TopologyNames;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the connector's report of a finished delivery, then sends the subscription the document's newest
 * version if it is still behind (latest wins: intermediate versions are skipped).
 */
public final class DeliveryResultProcessor extends ContextualProcessor<String, DeliveryResult, String, Delivery> {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryResultProcessor.class);

    private final TopologyMetrics metrics;
    private KeyValueStore<String, DocumentState> documents;
    private KeyValueStore<String, SubscriptionDeliveryState> states;
    private ReadOnlyKeyValueStore<String, Subscription> subscriptions;
    private DeliveryPlanner planner;

    public DeliveryResultProcessor(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        super.init(context);
        documents = context.getStateStore(TopologyNames.DOCUMENT_STORE);
        states = context.getStateStore(TopologyNames.SUBSCRIPTION_DELIVERY_STORE);
        subscriptions = context.getStateStore(TopologyNames.SUBSCRIPTION_STORE);
        planner = new DeliveryPlanner(states, metrics);
    }

    @Override
    public void process(Record<String, DeliveryResult> record) {
        String url = record.key();
        DeliveryResult result = record.value();
        if (url == null || result == null || result.subscriptionId() == null || result.outcome() == null) {
            metrics.resultIgnored(ResultIgnored.INVALID);
            LOG.warn("Skipping a delivery result without a URL, a subscription or an outcome at {}", origin());
            return;
        }
        String key = SubscriptionDeliveryState.key(result.subscriptionId(), url);
        SubscriptionDeliveryState state = states.get(key);
        if (state == null || !result.position().equals(state.inFlight())) {
            metrics.resultIgnored(ResultIgnored.STALE);
            LOG.debug("Ignoring a stale delivery result for {} at {}", key, origin());
            return;
        }
        metrics.resultApplied(result.outcome());
        Instant at = result.at() != null ? result.at() : Instant.ofEpochMilli(record.timestamp());
        if (!result.outcome().isFinal()) {
            states.put(key, state.withRetrying(result.attempts(), result.status(), result.error(), at));
            return;
        }
        SubscriptionDeliveryState settled =
                state.withResult(result.outcome(), result.attempts(), result.status(), result.error(), at);
        Subscription subscription = subscriptions.get(Subscription.key(state.resourceId(), state.subscriptionId()));
        if (result.outcome() == Outcome.DROPPED || subscription == null) {
            states.delete(key);
            return;
        }
        states.put(key, settled);
        DocumentState document = documents.get(url);
        if (document != null) {
            planner.maybeEmit(settled, document, at)
                    .ifPresent(delivery -> context().forward(record.withValue(delivery)));
        }
    }

    private String origin() {
        return RecordOrigin.of(context());
    }
}
