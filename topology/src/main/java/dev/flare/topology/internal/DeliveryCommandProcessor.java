package dev.flare.topology.internal;

import dev.flare.model.CommandProgress;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryCommand;
import dev.flare.model.DocumentState;
import dev.flare.model.Subscription;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.topology.TopologyMetrics;
import dev.flare.topology.TopologyNames;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies operators' commands. A backfill sends a new subscription every live document of its resource this task
 * holds, and marks the subscription so live changes reach it even before the global store shows it; a replay sends
 * again what is newer than the subscriber has (after forgetting it all, on reset). A re-drive of a dead letter sends the subscriber the document's current version
 * through the same planner as every change, so it only ever goes out if it is after what the subscriber has
 * (spec §3 I2); a command about a state that has moved on since the operator saw it does nothing.
 */
public final class DeliveryCommandProcessor extends ContextualProcessor<String, DeliveryCommand, String, Delivery> {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryCommandProcessor.class);

    private final TopologyMetrics metrics;
    private KeyValueStore<String, DocumentState> documents;
    private KeyValueStore<String, SubscriptionDeliveryState> states;
    private KeyValueStore<String, Instant> backfilled;
    private KeyValueStore<String, CommandProgress> progress;
    private DeliveryPlanner planner;

    public DeliveryCommandProcessor(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        super.init(context);
        documents = context.getStateStore(TopologyNames.DOCUMENT_STORE);
        states = context.getStateStore(TopologyNames.SUBSCRIPTION_DELIVERY_STORE);
        backfilled = context.getStateStore(TopologyNames.BACKFILLED_STORE);
        progress = context.getStateStore(TopologyNames.COMMAND_PROGRESS_STORE);
        planner = new DeliveryPlanner(states, metrics);
    }

    @Override
    public void process(Record<String, DeliveryCommand> record) {
        DeliveryCommand command = record.value();
        if (command == null
                || command.type() == null
                || command.subscriptionId() == null
                || command.resourceId() == null
                || (command.type() == DeliveryCommand.Type.REDRIVE && record.key() == null)) {
            LOG.warn("Skipping a delivery command without a type, a subscription or a document at {}", origin());
            return;
        }
        Instant at = command.at() != null ? command.at() : Instant.ofEpochMilli(record.timestamp());
        if (command.type() == DeliveryCommand.Type.REDRIVE) {
            redrive(record.key(), command, at).ifPresent(d -> context().forward(record.withValue(d)));
        } else if (command.type() == DeliveryCommand.Type.BACKFILL) {
            backfilled.put(Subscription.key(command.resourceId(), command.subscriptionId()), at);
            forEachDocument(
                    command,
                    document -> document.deleted()
                            ? Optional.empty()
                            : planner.onChange(command.subscriptionId(), command.resourceId(), document, at),
                    record);
        } else {
            forEachDocument(command, document -> replay(command, document, at), record);
        }
    }

    /** Applies {@code plan} to every document of the command's resource this task holds, forwarding what it emits. */
    private void forEachDocument(
            DeliveryCommand command,
            Function<DocumentState, Optional<Delivery>> plan,
            Record<String, DeliveryCommand> record) {
        long count = 0;
        try (KeyValueIterator<String, DocumentState> it = documents.all()) {
            while (it.hasNext()) {
                DocumentState document = it.next().value;
                boolean changedSince = command.since() == null
                        || (document.updatedAt() != null
                                && !document.updatedAt().isBefore(command.since()));
                if (document.resourceId().equals(command.resourceId()) && changedSince) {
                    count++;
                    plan.apply(document)
                            .ifPresent(d -> context().forward(new Record<>(d.documentUrl(), d, record.timestamp())));
                }
            }
        }
        int partition = context().taskId().partition();
        progress.put(
                CommandProgress.key(command.subscriptionId(), partition),
                new CommandProgress(
                        command.subscriptionId(),
                        command.type(),
                        command.at(),
                        partition,
                        count,
                        Instant.ofEpochMilli(context().currentSystemTimeMs())));
        metrics.command(command.type(), true);
        LOG.info(
                "{} of subscription {}: {} documents of task {}",
                command.type().wireName(),
                command.subscriptionId(),
                count,
                context().taskId());
    }

    /** Sends what is newer than the subscriber has; a reset first forgets what it was sent. */
    private Optional<Delivery> replay(DeliveryCommand command, DocumentState document, Instant at) {
        String key = SubscriptionDeliveryState.key(command.subscriptionId(), document.url());
        SubscriptionDeliveryState state = states.get(key);
        if (command.reset() && state != null) {
            if (state.inFlight() != null) {
                // Note: a second delivery beside the one in flight could overtake it; the subscriber gets the
                // document's newest version once that one ends, planned as for any change.
                states.put(key, state.withDeliveredForgotten(at));
                return Optional.empty();
            }
            states.delete(key);
            state = null;
        }
        if (state == null) {
            return planner.onChange(command.subscriptionId(), command.resourceId(), document, at);
        }
        if (state.inFlight() != null) {
            return Optional.empty();
        }
        return planner.maybeEmit(state.withSettled(state.delivered(), at), document, at);
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
