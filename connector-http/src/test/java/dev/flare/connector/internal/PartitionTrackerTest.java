package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionTrackerTest {

    private final PartitionTracker<String> tracker = new PartitionTracker<>();

    @Test
    void shouldCommitNothingWhenHeadIsIncomplete() {
        tracker.track(10);
        PartitionTracker.Ticket second = tracker.track(11);

        tracker.complete(second, "b");

        assertThat(tracker.completedPrefix()).isNull();
    }

    @Test
    void shouldReturnContiguousPrefixWhenCompletionsArriveOutOfOrder() {
        PartitionTracker.Ticket first = tracker.track(10);
        PartitionTracker.Ticket second = tracker.track(11);
        tracker.track(12);
        PartitionTracker.Ticket fourth = tracker.track(14);

        tracker.complete(fourth, "d");
        tracker.complete(second, "b");
        tracker.complete(first, "a");

        PartitionTracker.Prefix<String> prefix = tracker.completedPrefix();
        assertThat(prefix.values()).containsExactly("a", "b");
        assertThat(prefix.nextOffset()).isEqualTo(12);
    }

    @Test
    void shouldDropCommittedOffsetsWhenCommitted() {
        PartitionTracker.Ticket first = tracker.track(10);
        PartitionTracker.Ticket second = tracker.track(11);
        tracker.track(12);
        tracker.complete(first, "a");
        tracker.complete(second, "b");

        tracker.committed(12);

        assertThat(tracker.size()).isEqualTo(1);
        assertThat(tracker.completedPrefix()).isNull();
    }

    @Test
    void shouldIgnoreCompletionWhenTicketIsFromBeforeForget() {
        PartitionTracker.Ticket stale = tracker.track(10);
        tracker.forget();
        PartitionTracker.Ticket fresh = tracker.track(10);

        boolean accepted = tracker.complete(stale, "old");

        assertThat(accepted).isFalse();
        assertThat(tracker.completedPrefix()).isNull();
        assertThat(tracker.complete(fresh, "new")).isTrue();
        assertThat(tracker.completedPrefix().values()).containsExactly("new");
    }

    @Test
    void shouldRefuseOffsetWhenNotAfterTheLastHandedOut() {
        tracker.track(10);

        assertThat(tracker.track(10)).isNull();
        assertThat(tracker.track(9)).isNull();
    }

    @Test
    void shouldIgnoreSecondCompletionWhenAlreadyCompleted() {
        PartitionTracker.Ticket ticket = tracker.track(1);
        tracker.complete(ticket, "first");

        assertThat(tracker.complete(ticket, "second")).isFalse();
        assertThat(tracker.completedPrefix().values()).containsExactly("first");
    }

    @Test
    void shouldReportEarliestPendingSinceUntilCommitted() {
        PartitionTracker<String> tracker = new PartitionTracker<>();
        PartitionTracker.Ticket first = tracker.track(0, 2_000);
        tracker.track(1, 1_000);
        tracker.track(2, 3_000);

        assertThat(tracker.oldestSince()).isEqualTo(1_000);
        tracker.complete(first, "a");
        tracker.committed(2);
        assertThat(tracker.oldestSince()).isEqualTo(3_000);
        tracker.committed(3);
        assertThat(tracker.oldestSince()).isEqualTo(Long.MAX_VALUE);
    }
}
