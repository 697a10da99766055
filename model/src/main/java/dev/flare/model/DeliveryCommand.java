package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * An operator's request about one subscription, on the delivery-commands topic: a re-drive is keyed by document URL
 * so that it reaches the topology task owning that document; a backfill or replay is written to every partition, so
 * every task applies it to the documents it owns.
 *
 * @param documentUrl the document of a re-drive, null for the others
 * @param position for {@link Type#REDRIVE}, the dead-lettered position the operator saw; the command does nothing
 *     if the state has moved on since
 * @param since for {@link Type#REPLAY}, only documents changed at or after it; null for all
 * @param reset for {@link Type#REPLAY}, forget what the subscriber was sent first (it starts over)
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record DeliveryCommand(
        Type type,
        String subscriptionId,
        String resourceId,
        String documentUrl,
        Position position,
        Instant at,
        Instant since,
        boolean reset) {

    /** What to do. */
    public enum Type {
        /** Send the document again after a dead letter, if the subscriber is still behind it. */
        REDRIVE,
        /** Send a new subscription the current version of every live document of its resource. */
        BACKFILL,
        /** Send again what is newer than the subscriber has, for documents changed since a time. */
        REPLAY;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public static DeliveryCommand redrive(SubscriptionDeliveryState state, Instant at) {
        return new DeliveryCommand(
                Type.REDRIVE,
                state.subscriptionId(),
                state.resourceId(),
                state.documentUrl(),
                state.settled(),
                at,
                null,
                false);
    }

    public static DeliveryCommand backfill(Subscription subscription, Instant at) {
        return new DeliveryCommand(
                Type.BACKFILL, subscription.id(), subscription.resourceId(), null, null, at, null, false);
    }

    public static DeliveryCommand replay(Subscription subscription, Instant since, boolean reset, Instant at) {
        return new DeliveryCommand(
                Type.REPLAY, subscription.id(), subscription.resourceId(), null, null, at, since, reset);
    }
}
