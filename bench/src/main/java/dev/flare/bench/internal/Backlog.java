package dev.flare.bench.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each consumer group on the broker is behind, summed over its partitions: committed records not yet
 * committed as consumed. Sampled over a run, it shows which stage a backlog sits in (the topology's input, a
 * connector lane's) when callbacks slow down or stop.
 */
public final class Backlog implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 2;

    private final Admin admin;

    public Backlog(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "client.id",
                "flare-bench-backlog",
                "request.timeout.ms",
                Long.toString(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)),
                "default.api.timeout.ms",
                Long.toString(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS))));
    }

    /** Records behind per consumer group, or an empty map when the broker did not answer in time. */
    public Map<String, Long> sample() {
        try {
            Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
            for (GroupListing group : admin.listGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                groups.put(group.groupId(), new ListConsumerGroupOffsetsSpec());
            }
            if (groups.isEmpty()) {
                return Map.of();
            }
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                    admin.listConsumerGroupOffsets(groups).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            committed
                    .values()
                    .forEach(offsets -> offsets.keySet().forEach(p -> partitions.put(p, OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                            partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return behind(committed, ends);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }

    static Map<String, Long> behind(
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) {
        Map<String, Long> behind = new TreeMap<>();
        committed.forEach((group, offsets) -> {
            long sum = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
                ListOffsetsResult.ListOffsetsResultInfo end = ends.get(entry.getKey());
                if (end != null && entry.getValue() != null) {
                    sum += Math.max(0, end.offset() - entry.getValue().offset());
                }
            }
            behind.put(group, sum);
        });
        return behind;
    }

    @Override
    public void close() {
        admin.close();
    }
}
