package dev.flare.topology.internal;

import dev.flare.model.Delivery;
import dev.flare.model.DeliveryCommand;
import dev.flare.model.DocumentState;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.topology.TopologyMetrics;
import dev.flare.topology.TopologyNames;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies operators' commands. A re-drive of a dead letter sends the subscriber the document's current version
 * through the same planner as every change, so it only ever goes out if it is after what the subscriber has
 * (spec §3 I2); a command about a state that has moved on since the operator saw it does nothing.
 */
public final class DeliveryCommandProcessor extends ContextualProcessor<String, DeliveryCommand, String, Delivery> {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryCommandProcessor.class);

    private final TopologyMetrics metrics;
    private KeyValueStore<String, DocumentState> documents;
    private KeyValueStore<String, SubscriptionDeliveryState> states;
    private DeliveryPlanner planner;

    public DeliveryCommandProcessor(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        super.init(context);
        documents = context.getStateStore(TopologyNames.DOCUMENT_STORE);
        states = context.getStateStore(TopologyNames.SUBSCRIPTION_DELIVERY_STORE);
        planner = new DeliveryPlanner(states, metrics);
    }

    @Override
    public void process(Record<String, DeliveryCommand> record) {
        DeliveryCommand command = record.value();
        if (record.key() == null || command == null || command.type() == null || command.subscriptionId() == null) {
            LOG.warn("Skipping a delivery command without a URL, a type or a subscription at {}", origin());
            return;
        }
        Instant at = command.at() != null ? command.at() : Instant.ofEpochMilli(record.timestamp());
        Optional<Delivery> delivery = redrive(record.key(), command, at);
        delivery.ifPresent(d -> context().forward(record.withValue(d)));
    }

    private Optional<Delivery> redrive(String url, DeliveryCommand command, Instant at) {
        SubscriptionDeliveryState state = states.get(SubscriptionDeliveryState.key(command.subscriptionId(), url));
        DocumentState document = documents.get(url);
        boolean stillDead = state != null
                && document != null
                && state.isDeadLettered()
                && Objects.equals(state.settled(), command.position());
        metrics.command(command.type(), stillDead);
        if (!stillDead) {
            LOG.debug("Ignoring a re-drive of {} for {}: its state has moved on", url, command.subscriptionId());
            return Optional.empty();
        }
        return planner.maybeEmit(state.withSettled(state.delivered(), at), document, at);
    }

    private String origin() {
        return RecordOrigin.of(context());
    }
}
