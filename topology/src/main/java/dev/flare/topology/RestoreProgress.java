package dev.flare.topology;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * How far this instance's state stores are in restoring from their changelogs, for start-up messages: register it
 * with {@code KafkaStreams#setGlobalStateRestoreListener} before start. Safe to read from any thread.
 */
public final class RestoreProgress implements StateRestoreListener {

    private final Map<String, Restoring> restoring = new ConcurrentHashMap<>();

    /** Records a store partition still has to restore, and how many it has so far. */
    private record Restoring(long toRestore, long restored) {}

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        restoring.put(key(partition, storeName), new Restoring(Math.max(0, endingOffset - startingOffset), 0));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        restoring.computeIfPresent(
                key(partition, storeName), (key, now) -> new Restoring(now.toRestore(), now.restored() + numRestored));
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(key(partition, storeName));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(key(partition, storeName));
    }

    /** For example "restoring 4 store partitions: 12,000 of 50,000 records", or "no store restoring". */
    public String describe() {
        long partitions = 0;
        long toRestore = 0;
        long restored = 0;
        for (Restoring one : restoring.values()) {
            partitions++;
            toRestore += one.toRestore();
            restored += Math.min(one.restored(), one.toRestore());
        }
        if (partitions == 0) {
            return "no store restoring";
        }
        return String.format(
                Locale.ROOT,
                "restoring %d store partition%s: %,d of %,d records",
                partitions,
                partitions == 1 ? "" : "s",
                restored,
                toRestore);
    }

    private static String key(TopicPartition partition, String storeName) {
        return storeName + "@" + partition;
    }
}
