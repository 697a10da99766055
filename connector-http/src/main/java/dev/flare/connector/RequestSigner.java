package dev.flare.connector;

import dev.flare.model.Subscription;
import java.time.Instant;
import java.util.Map;

/**
 * Adds signature headers (Standard Webhooks {@code webhook-signature}) to a callback; see
 * {@link StandardWebhooksSigner}. Implementations must never log secrets.
 */
@FunctionalInterface
public interface RequestSigner {

    /** Signs nothing. */
    RequestSigner NONE = (subscription, webhookId, timestamp, body) -> Map.of();

    /**
     * The headers to add to one callback.
     *
     * @param timestamp the instant whose epoch second is sent as {@code webhook-timestamp}
     * @param body the exact bytes sent, empty when there is no body
     * @throws SigningException when the subscription must be signed but cannot be; the callback is not sent
     */
    Map<String, String> headers(Subscription subscription, String webhookId, Instant timestamp, byte[] body);
}
