package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flare.model.json.RawJson;
import java.time.Instant;

/**
 * One callback the topology asks the connector to make: a document version for one subscription. Retries carry the
 * same delivery with {@code attempt}, {@code dueAt} and the last failure filled in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(
        String subscriptionId,
        String resourceId,
        String documentUrl,
        Action action,
        long revision,
        Long previousRevision,
        boolean dateVersion,
        RawJson document,
        Instant updatedAt,
        int attempt,
        Instant dueAt,
        Integer lastStatus,
        String lastError) {

    @JsonIgnore
    public Position position() {
        return new Position(revision, action == Action.DELETE);
    }

    /** The {@code webhook-id}: the same for a subscription, document and version on every retry and replay. */
    @JsonIgnore
    public String webhookId() {
        return WebhookIds.of(subscriptionId, documentUrl, position());
    }

    /** The next attempt of this delivery, due at {@code dueAt}, remembering why the last one failed. */
    public Delivery nextAttempt(Instant due, Integer status, String error) {
        return new Delivery(
                subscriptionId,
                resourceId,
                documentUrl,
                action,
                revision,
                previousRevision,
                dateVersion,
                document,
                updatedAt,
                attempt + 1,
                due,
                status,
                error);
    }
}
