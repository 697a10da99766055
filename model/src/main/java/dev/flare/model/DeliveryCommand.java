package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * An operator's request about one subscription's copy of one document, keyed by document URL on the
 * delivery-commands topic so that it reaches the topology task owning that document.
 *
 * @param position for {@link Type#REDRIVE}, the dead-lettered position the operator saw; the command does nothing
 *     if the state has moved on since
 */
public record DeliveryCommand(
        Type type, String subscriptionId, String resourceId, String documentUrl, Position position, Instant at) {

    /** What to do. */
    public enum Type {
        /** Send the document again after a dead letter, if the subscriber is still behind it. */
        REDRIVE;

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
                Type.REDRIVE, state.subscriptionId(), state.resourceId(), state.documentUrl(), state.settled(), at);
    }
}
