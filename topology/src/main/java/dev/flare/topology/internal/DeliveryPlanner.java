package dev.flare.topology.internal;

import dev.flare.model.Action;
import dev.flare.model.Delivery;
import dev.flare.model.DocumentState;
import dev.flare.model.Position;
import dev.flare.model.Subscription;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.topology.TopologyMetrics;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides what one subscription is sent of one document and records it in the subscription-delivery store.
 *
 * <p>Note: every emitted position is after {@code settled}, and {@code settled} only ever takes the position that
 * was in flight or one that is after it, so the positions emitted per (subscription, document) strictly increase
 * (spec §3 I2); at most one is in flight at a time.
 */
final class DeliveryPlanner {

    private final KeyValueStore<String, SubscriptionDeliveryState> states;
    private final TopologyMetrics metrics;

    DeliveryPlanner(KeyValueStore<String, SubscriptionDeliveryState> states, TopologyMetrics metrics) {
        this.states = states;
        this.metrics = metrics;
    }

    /** A newly accepted document version, for one subscription of its resource. */
    Optional<Delivery> onChange(Subscription subscription, DocumentState document, Instant at) {
        String key = SubscriptionDeliveryState.key(subscription.id(), document.url());
        SubscriptionDeliveryState state = states.get(key);
        if (state == null) {
            state = SubscriptionDeliveryState.initial(subscription.id(), subscription.resourceId(), document.url(), at);
        }
        if (state.inFlight() != null) {
            states.put(key, state.withWaiting(document.position(), at));
            metrics.deliveryDeferred();
            return Optional.empty();
        }
        return maybeEmit(state, document, at);
    }

    /** The delivery that brings the subscriber to {@code document}'s position, if one is due; saves the state. */
    Optional<Delivery> maybeEmit(SubscriptionDeliveryState state, DocumentState document, Instant at) {
        Position target = document.position();
        if (!target.isAfter(state.settled())) {
            return Optional.empty();
        }
        Position delivered = state.delivered();
        boolean hasLive = delivered != null && !delivered.deleted();
        if (document.deleted() && !hasLive) {
            states.put(state.key(), state.withSettled(target, at));
            return Optional.empty();
        }
        Action action = document.deleted() ? Action.DELETE : hasLive ? Action.UPDATE : Action.CREATE;
        Delivery delivery = new Delivery(
                state.subscriptionId(),
                state.resourceId(),
                document.url(),
                action,
                target.revision(),
                hasLive ? delivered.revision() : null,
                document.dateVersion(),
                document.deleted() ? null : document.content(),
                document.updatedAt(),
                1,
                null,
                null,
                null);
        states.put(state.key(), state.withInFlight(target, at));
        metrics.deliveryEmitted(action);
        return Optional.of(delivery);
    }
}
