package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a subscription is delivered to. {@code success} and {@code discard} classify response statuses: an empty
 * {@code success} list means every 2xx; anything that is neither is retried (spec §5). The rest, all optional,
 * protect the subscriber and everyone else from each other.
 *
 * @param retry the subscription's own retry schedule, null for the connector's default
 * @param timeouts the subscription's own connect and call timeouts, null for the connector's defaults
 * @param maxConcurrency the most callbacks in flight to this subscription at once, null for the connector's default
 * @param maxPerSecond the most callbacks started per second, null for no limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryPolicy(
        List<Integer> success,
        List<Integer> discard,
        RetryPolicy retry,
        CallTimeouts timeouts,
        Integer maxConcurrency,
        Double maxPerSecond) {

    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(null, null);
    public static final int MAX_CONCURRENCY = 1_000;
    public static final double MAX_PER_SECOND = 100_000;

    public DeliveryPolicy {
        success = success == null ? List.of() : List.copyOf(success);
        discard = discard == null ? List.of() : List.copyOf(discard);
    }

    public DeliveryPolicy(List<Integer> success, List<Integer> discard) {
        this(success, discard, null, null, null, null);
    }

    public boolean isSuccess(int status) {
        return success.isEmpty() ? status >= 200 && status < 300 : success.contains(status);
    }

    public boolean isDiscard(int status) {
        return discard.contains(status);
    }
}
