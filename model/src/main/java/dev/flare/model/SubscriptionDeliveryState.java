package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the topology knows about one subscription's copy of one document, kept in the
 * topology's subscription-delivery store under {@link #key(String, String)}.
 *
 * @param subscriptionId the subscription
 * @param resourceId the subscription's resource, to find it in the global store
 * @param documentUrl the document
 * @param delivered the version the subscriber has (a delete position: it has no live version), null when none
 * @param settled the newest position whose delivery has ended in any outcome, null when none
 * @param inFlight the position handed to the connector and not yet reported back, null when none
 * @param waiting the newest position that arrived while one was in flight, null when none
 * @param inFlightSince when the delivery in flight was handed to the connector, null when none is
 * @param attempts attempts of the delivery in flight so far, or the last finished delivery took
 * @param lastOutcome how the last attempt ended ({@link Outcome#RETRYING} while one is retrying), null when none has
 * @param lastStatus the HTTP status of the last attempt, if any
 * @param lastError the error of the last attempt, if any
 * @param updatedAt when this state last changed (the time of the change or result that changed it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionDeliveryState(
        String subscriptionId,
        String resourceId,
        String documentUrl,
        Position delivered,
        Position settled,
        Position inFlight,
        Position waiting,
        Instant inFlightSince,
        int attempts,
        Outcome lastOutcome,
        Integer lastStatus,
        String lastError,
        Instant updatedAt) {

    /** The store key of one subscription's state for one document. */
    public static String key(String subscriptionId, String documentUrl) {
        return subscriptionId + "|" + documentUrl;
    }

    /** A state for a subscription that has received nothing of the document yet. */
    public static SubscriptionDeliveryState initial(
            String subscriptionId, String resourceId, String documentUrl, Instant at) {
        return new SubscriptionDeliveryState(
                subscriptionId, resourceId, documentUrl, null, null, null, null, null, 0, null, null, null, at);
    }

    /** The key prefix under which all of one subscription's states sort together. */
    public static String keyPrefix(String subscriptionId) {
        return subscriptionId + "|";
    }

    /** This state's store key. */
    public String key() {
        return key(subscriptionId, documentUrl);
    }

    /** The same state with {@code position} handed to the connector. */
    public SubscriptionDeliveryState withInFlight(Position position, Instant at) {
        return new SubscriptionDeliveryState(
                subscriptionId,
                resourceId,
                documentUrl,
                delivered,
                settled,
                position,
                null,
                at,
                attempts,
                lastOutcome,
                lastStatus,
                lastError,
                at);
    }

    /** The same state with {@code position} waiting behind the delivery in flight. */
    public SubscriptionDeliveryState withWaiting(Position position, Instant at) {
        return new SubscriptionDeliveryState(
                subscriptionId,
                resourceId,
                documentUrl,
                delivered,
                settled,
                inFlight,
                position,
                inFlightSince,
                attempts,
                lastOutcome,
                lastStatus,
                lastError,
                at);
    }

    /** Whether this subscription's last delivery of the document went to the dead letters and nothing replaced it. */
    @JsonIgnore
    public boolean isDeadLettered() {
        return inFlight == null && lastOutcome == Outcome.DEAD_LETTERED;
    }

    /** The same state with {@code position} settled without a delivery (nothing to send for it). */
    public SubscriptionDeliveryState withSettled(Position position, Instant at) {
        return new SubscriptionDeliveryState(
                subscriptionId,
                resourceId,
                documentUrl,
                delivered,
                position,
                inFlight,
                waiting,
                inFlightSince,
                attempts,
                lastOutcome,
                lastStatus,
                lastError,
                at);
    }

    /**
     * The same state with what the subscriber was sent forgotten (a replay with reset), except the delivery in
     * flight: it goes on, and whatever follows is planned from its outcome.
     */
    public SubscriptionDeliveryState withDeliveredForgotten(Instant at) {
        return new SubscriptionDeliveryState(
                subscriptionId,
                resourceId,
                documentUrl,
                null,
                null,
                inFlight,
                waiting,
                inFlightSince,
                attempts,
                lastOutcome,
                lastStatus,
                lastError,
                at);
    }

    /** The same state after an attempt of the delivery in flight failed and waits for the next one. */
    public SubscriptionDeliveryState withRetrying(int attemptsSoFar, Integer status, String error, Instant at) {
        return new SubscriptionDeliveryState(
                subscriptionId,
                resourceId,
                documentUrl,
                delivered,
                settled,
                inFlight,
                waiting,
                inFlightSince,
                attemptsSoFar,
                Outcome.RETRYING,
                status,
                error,
                at);
    }

    /** The same state once the delivery in flight has ended with {@code outcome}: nothing is in flight any more. */
    public SubscriptionDeliveryState withResult(
            Outcome outcome, int resultAttempts, Integer status, String error, Instant at) {
        return new SubscriptionDeliveryState(
                subscriptionId,
                resourceId,
                documentUrl,
                outcome == Outcome.DELIVERED ? inFlight : delivered,
                inFlight,
                null,
                null,
                null,
                resultAttempts,
                outcome,
                status,
                error,
                at);
    }
}
