package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The end of one delivery, keyed by document URL on the delivery-results topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryResult(
        String subscriptionId,
        String documentUrl,
        long revision,
        boolean deleted,
        Outcome outcome,
        int attempts,
        Integer status,
        String error,
        Instant at) {

    public static DeliveryResult of(Delivery delivery, Outcome outcome, Integer status, String error, Instant at) {
        return new DeliveryResult(
                delivery.subscriptionId(),
                delivery.documentUrl(),
                delivery.revision(),
                delivery.action() == Action.DELETE,
                outcome,
                delivery.attempt(),
                status,
                error,
                at);
    }

    @JsonIgnore
    public Position position() {
        return new Position(revision, deleted);
    }
}
