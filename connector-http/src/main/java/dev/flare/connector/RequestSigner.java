package dev.flare.connector;

import dev.flare.model.Subscription;
import java.time.Instant;
import java.util.Map;

/**
 * Adds signature headers to a callback; the connector signs with Standard Webhooks signatures by default, and
 * {@link #NONE} adds nothing. Implementations must never log secrets; one that cannot sign a subscription that asks
 * for signatures throws rather than let the callback go unsigned.
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
