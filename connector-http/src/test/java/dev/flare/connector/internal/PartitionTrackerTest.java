package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.connector.internal.CompletedOffsets.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionTrackerTest {

    private static final int ROOMY = CompletedOffsets.MAX_CHARS;

    private final PartitionTracker<String> tracker = new PartitionTracker<>();

    @Test
    void shouldWriteCompletionsPastAnIncompleteHeadAndListThemInTheMetadata() {
        tracker.track(10);
        PartitionTracker.Ticket second = tracker.track(11);
        tracker.track(12);
        PartitionTracker.Ticket fourth = tracker.track(13);

        tracker.complete(fourth, "d");
        tracker.complete(second, "b");

        PartitionTracker.Commit<String> commit = tracker.toCommit(ROOMY);
        assertThat(commit.values()).containsExactly("b", "d");
        assertThat(commit.nextOffset()).isEqualTo(10);
        assertThat(CompletedOffsets.decode(10, commit.metadata()))
                .containsExactly(new Range(11, 12), new Range(13, 14));
    }

    @Test
    void shouldCommitPastTheContiguousPrefixWhenTheHeadCompletes() {
        PartitionTracker.Ticket first = tracker.track(10);
        PartitionTracker.Ticket second = tracker.track(11);
        tracker.track(12);
        PartitionTracker.Ticket fourth = tracker.track(14);
        tracker.complete(fourth, "d");
        tracker.complete(second, "b");
        tracker.complete(first, "a");

        PartitionTracker.Commit<String> commit = tracker.toCommit(ROOMY);

        assertThat(commit.values()).containsExactly("a", "b", "d");
        assertThat(commit.nextOffset()).isEqualTo(12);
        assertThat(CompletedOffsets.decode(12, commit.metadata())).containsExactly(new Range(14, 15));
    }

    @Test
    void shouldWriteEachOutcomeOnceAndKeepListingItUntilCommittedPast() {
        PartitionTracker.Ticket first = tracker.track(10);
        PartitionTracker.Ticket second = tracker.track(11);
        tracker.complete(second, "b");
        tracker.written(tracker.toCommit(ROOMY));

        assertThat(tracker.toCommit(ROOMY)).as("nothing changed").isNull();
        tracker.complete(first, "a");
        PartitionTracker.Commit<String> commit = tracker.toCommit(ROOMY);
        assertThat(commit.values()).containsExactly("a");
        assertThat(commit.nextOffset()).isEqualTo(12);
        assertThat(commit.metadata()).isEmpty();
        tracker.written(commit);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void shouldNotMarkWrittenWhatCompletedAfterTheCommitWasTaken() {
        tracker.track(10);
        PartitionTracker.Ticket second = tracker.track(11);
        PartitionTracker.Ticket third = tracker.track(12);
        tracker.complete(second, "b");
        PartitionTracker.Commit<String> commit = tracker.toCommit(ROOMY);

        tracker.complete(third, "c");
        tracker.written(commit);

        assertThat(tracker.toCommit(ROOMY).values()).containsExactly("c");
    }

    @Test
    void shouldLeaveForALaterCommitWhatDoesNotFitInTheMetadata() {
        tracker.track(0);
        for (long offset = 1; offset <= 2_000; offset += 2) {
            tracker.complete(tracker.track(offset), "v" + offset);
            tracker.track(offset + 1);
        }

        PartitionTracker.Commit<String> commit = tracker.toCommit(CompletedOffsets.MARK.length() + 40);

        assertThat(commit.values()).hasSize(15).startsWith("v1", "v3");
        assertThat(CompletedOffsets.decode(0, commit.metadata())).hasSize(15);
    }

    @Test
    void shouldHandOutListedOffsetsCompletedAndKeepListingTheUnreadOnes() {
        tracker.resume(10, List.of(new Range(11, 13), new Range(20, 21)));

        assertThat(tracker.listedCompleted(10)).isFalse();
        assertThat(tracker.listedCompleted(12)).isTrue();
        PartitionTracker.Ticket head = tracker.track(10);
        tracker.track(11);
        assertThat(tracker.pending()).as("only the head is pending").isEqualTo(1);
        assertThat(tracker.toCommit(ROOMY)).as("nothing new to write").isNull();

        tracker.complete(head, "a");
        PartitionTracker.Commit<String> commit = tracker.toCommit(ROOMY);

        assertThat(commit.values()).containsExactly("a");
        assertThat(commit.nextOffset()).isEqualTo(12);
        assertThat(CompletedOffsets.decode(12, commit.metadata()))
                .as("offsets listed before and not read yet stay listed")
                .containsExactly(new Range(12, 13), new Range(20, 21));
    }

    @Test
    void shouldCommitTheOffsetWhenItMovesPastListedOffsetsAlone() {
        tracker.resume(10, List.of(new Range(10, 12)));
        tracker.track(10);
        tracker.track(11);

        PartitionTracker.Commit<String> commit = tracker.toCommit(ROOMY);

        assertThat(commit.values()).isEmpty();
        assertThat(commit.nextOffset()).isEqualTo(12);
    }

    @Test
    void shouldIgnoreCompletionWhenTicketIsFromBeforeForget() {
        PartitionTracker.Ticket stale = tracker.track(10);
        tracker.forget();
        PartitionTracker.Ticket fresh = tracker.track(10);

        boolean accepted = tracker.complete(stale, "old");

        assertThat(accepted).isFalse();
        assertThat(tracker.toCommit(ROOMY)).isNull();
        assertThat(tracker.complete(fresh, "new")).isTrue();
        assertThat(tracker.toCommit(ROOMY).values()).containsExactly("new");
    }

    @Test
    void shouldForgetTheResumedListingWhenForgotten() {
        tracker.resume(10, List.of(new Range(11, 12)));

        tracker.forget();

        assertThat(tracker.resumed()).isFalse();
        assertThat(tracker.listedCompleted(11)).isFalse();
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
        assertThat(tracker.toCommit(ROOMY).values()).containsExactly("first");
    }

    @Test
    void shouldReportEarliestSinceOfWhatIsNotWrittenYet() {
        PartitionTracker.Ticket first = tracker.track(0, 2_000);
        tracker.track(1, 1_000);
        PartitionTracker.Ticket third = tracker.track(2, 500);

        assertThat(tracker.oldestSince()).isEqualTo(500);
        tracker.complete(third, "c");
        tracker.written(tracker.toCommit(ROOMY));
        assertThat(tracker.oldestSince()).isEqualTo(1_000);
        tracker.complete(first, "a");
        tracker.written(tracker.toCommit(ROOMY));
        assertThat(tracker.oldestSince()).isEqualTo(1_000);
    }
}
