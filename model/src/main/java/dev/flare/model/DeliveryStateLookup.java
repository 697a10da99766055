package dev.flare.model;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the topology's per-subscription delivery state, wherever it lives (see {@link DocumentLookup}).
 *
 * <p>Both methods throw {@link StateUnavailableException} when the state cannot be read right now.
 */
public interface DeliveryStateLookup {

    /** What the topology knows about one subscription's copy of one document. */
    Optional<SubscriptionDeliveryState> deliveryState(String subscriptionId, String documentUrl);

    /** Hands every document state of one subscription to {@code visitor}, in no particular order. */
    void forEachDeliveryState(String subscriptionId, Consumer<SubscriptionDeliveryState> visitor);

    /** What every partition has done of the subscription's last backfill or replay (partitions not started: none). */
    List<CommandProgress> commandProgress(String subscriptionId);
}
