package dev.flare.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {

    private final RestoreProgress progress = new RestoreProgress();
    private final TopicPartition first = new TopicPartition("document-changelog", 0);
    private final TopicPartition second = new TopicPartition("document-changelog", 1);

    @Test
    void shouldSumWhatEveryRestoringStorePartitionHasRestored() {
        progress.onRestoreStart(first, "document", 100, 40_100);
        progress.onRestoreStart(second, "document", 0, 10_000);
        progress.onBatchRestored(first, "document", 2_100, 2_000);
        progress.onBatchRestored(first, "document", 12_100, 10_000);
        progress.onBatchRestored(second, "document", 500, 500);

        assertThat(progress.describe()).isEqualTo("restoring 2 store partitions: 12,500 of 50,000 records");
    }

    @Test
    void shouldForgetAStorePartitionOnceItIsRestoredOrSuspended() {
        progress.onRestoreStart(first, "document", 0, 10);
        progress.onRestoreStart(second, "document", 0, 20);
        progress.onRestoreStart(first, "subscription-delivery", 0, 30);
        progress.onRestoreEnd(first, "document", 10);
        progress.onRestoreSuspended(second, "document", 3);

        assertThat(progress.describe()).isEqualTo("restoring 1 store partition: 0 of 30 records");

        progress.onRestoreEnd(first, "subscription-delivery", 30);

        assertThat(progress.describe()).isEqualTo("no store restoring");
    }
}
