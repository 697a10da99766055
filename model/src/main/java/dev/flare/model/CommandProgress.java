package dev.flare.model;

import java.time.Instant;

/**
 * How far one topology task got with a subscription's last backfill or replay: kept per (subscription, partition),
 * so the API can tell how many partitions are done.
 *
 * @param at the command's time, as the API answered it
 * @param documents documents of the resource the task went through
 */
public record CommandProgress(
        String subscriptionId, DeliveryCommand.Type type, Instant at, int partition, long documents, Instant doneAt) {

    /** The store key: one per subscription and partition. */
    public static String key(String subscriptionId, int partition) {
        return subscriptionId + "|" + partition;
    }
}
