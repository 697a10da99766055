package dev.flare.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BacklogTest {

    private static final TopicPartition DOCUMENTS_0 = new TopicPartition("flare-documents", 0);
    private static final TopicPartition DOCUMENTS_1 = new TopicPartition("flare-documents", 1);
    private static final TopicPartition DELIVERIES_0 = new TopicPartition("flare-deliveries", 0);

    @Test
    void shouldSumWhatEachGroupHasNotConsumedOverItsPartitions() {
        Map<String, Long> behind = Backlog.behind(
                Map.of(
                        "flare-topology", Map.of(DOCUMENTS_0, committed(90), DOCUMENTS_1, committed(10)),
                        "flare-connector-main", Map.of(DELIVERIES_0, committed(5))),
                Map.of(DOCUMENTS_0, end(100), DOCUMENTS_1, end(40), DELIVERIES_0, end(5)));

        assertThat(behind).containsExactly(Map.entry("flare-connector-main", 0L), Map.entry("flare-topology", 40L));
    }

    @Test
    void shouldCountNothingForAPartitionWhoseEndIsUnknownOrBehindTheCommittedOffset() {
        Map<String, Long> behind = Backlog.behind(
                Map.of("flare-topology", Map.of(DOCUMENTS_0, committed(120), DOCUMENTS_1, committed(3))),
                Map.of(DOCUMENTS_0, end(100)));

        assertThat(behind).containsExactly(Map.entry("flare-topology", 0L));
    }

    private static OffsetAndMetadata committed(long offset) {
        return new OffsetAndMetadata(offset);
    }

    private static ListOffsetsResultInfo end(long offset) {
        return new ListOffsetsResultInfo(offset, -1, Optional.empty());
    }
}
