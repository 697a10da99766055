package dev.flare.model;

import java.util.List;

/**
 * Which response statuses mean delivered and which mean drop for good. An empty {@code success} list means every
 * 2xx; anything that is neither is retried (spec §5).
 */
public record DeliveryPolicy(List<Integer> success, List<Integer> discard) {

    public DeliveryPolicy {
        success = success == null ? List.of() : List.copyOf(success);
        discard = discard == null ? List.of() : List.copyOf(discard);
    }

    public boolean isSuccess(int status) {
        return success.isEmpty() ? status >= 200 && status < 300 : success.contains(status);
    }

    public boolean isDiscard(int status) {
        return discard.contains(status);
    }
}
