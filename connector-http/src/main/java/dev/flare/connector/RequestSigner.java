package dev.flare.connector;

import dev.flare.model.Subscription;
import java.time.Instant;
import java.util.Map;

/**
 * Adds signature headers (Standard Webhooks {@code webhook-signature}) to a callback. The seam for signing secrets:
 * until subscriptions carry one, {@link #NONE} adds nothing. Implementations must never log secrets.
 */
@FunctionalInterface
public interface RequestSigner {

    /** Signs nothing. */
    RequestSigner NONE = (subscription, webhookId, timestamp, body) -> Map.of();

    /**
     * The headers to add to one callback.
     *
     * @param body the exact bytes sent, empty when there is no body
     */
    Map<String, String> headers(Subscription subscription, String webhookId, Instant timestamp, byte[] body);
}
