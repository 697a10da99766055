package dev.flare.chaos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.chaos.internal.FlareApi.Placed;
import dev.flare.model.Position;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckerTest {

    private static final String DOCUMENT = Documents.url(1);

    private final Ledger ledger = new Ledger();

    private static Receipt got(long revision, Answer answer, long at) {
        return new Receipt(DOCUMENT, new Position(revision, false), answer, at);
    }

    private static Receipt gotDelete(long revision, long at) {
        return new Receipt(DOCUMENT, new Position(revision, true), Answer.ACCEPTED, at);
    }

    private Tally check(List<Receipt> receipts, Set<Placed> dead, List<Disturbance> faults) {
        Tally tally = new Tally();
        new Checker(ledger, faults).check("HEALTHY", receipts, dead, tally);
        return tally;
    }

    @Test
    void shouldPassWhenTheLastAcceptedVersionArrivedInOrder() {
        ledger.acceptedPut(DOCUMENT, 1);
        ledger.acceptedPut(DOCUMENT, 3);
        ledger.acceptedPut(DOCUMENT, 2);

        Tally tally = check(
                List.of(got(1, Answer.REFUSED, 1), got(1, Answer.ACCEPTED, 2), got(3, Answer.ACCEPTED, 3)),
                Set.of(),
                List.of());

        assertThat(tally.lost()).isZero();
        assertThat(tally.outOfOrder()).isZero();
        assertThat(tally.duplicates()).isZero();
        assertThat(tally.delivered).isEqualTo(2);
        assertThat(tally.callbacks).isEqualTo(3);
    }

    @Test
    void shouldCountALostLastVersion() {
        ledger.acceptedPut(DOCUMENT, 1);
        ledger.acceptedPut(DOCUMENT, 2);

        Tally tally = check(List.of(got(1, Answer.ACCEPTED, 1), got(2, Answer.REFUSED, 2)), Set.of(), List.of());

        assertThat(tally.lost()).isEqualTo(1);
        assertThat(tally.examples).singleElement().asString().startsWith("lost: HEALTHY " + DOCUMENT);
    }

    @Test
    void shouldAcceptADeadLetteredOrDiscardedLastVersion() {
        ledger.acceptedPut(DOCUMENT, 2);

        Tally dead = check(
                List.of(got(2, Answer.REFUSED, 1)), Set.of(new Placed(DOCUMENT, new Position(2, false))), List.of());
        Tally discarded = check(List.of(got(2, Answer.DISCARDED, 1)), Set.of(), List.of());

        assertThat(dead.lost()).isZero();
        assertThat(dead.deadLettered).isEqualTo(1);
        assertThat(discarded.lost()).isZero();
        assertThat(discarded.discarded).isEqualTo(1);
    }

    @Test
    void shouldCountAnOlderVersionAfterANewerOne() {
        ledger.acceptedPut(DOCUMENT, 3);

        Tally tally = check(
                List.of(got(2, Answer.ACCEPTED, 1), got(3, Answer.ACCEPTED, 2), got(2, Answer.ACCEPTED, 3)),
                Set.of(),
                List.of());

        assertThat(tally.outOfOrder()).isEqualTo(1);
    }

    @Test
    void shouldExpectADeleteOnlyWhenTheSubscriberKnowinglyHadTheDocument() {
        ledger.acceptedPut(DOCUMENT, 2);
        ledger.acceptedDelete(DOCUMENT);

        assertThat(check(List.of(), Set.of(), List.of()).lost()).isZero();
        assertThat(check(List.of(got(2, Answer.ACCEPTED_LATE, 1)), Set.of(), List.of())
                        .lost())
                .isZero();
        assertThat(check(List.of(got(2, Answer.ACCEPTED, 1)), Set.of(), List.of())
                        .lost())
                .isEqualTo(1);
        assertThat(check(List.of(got(2, Answer.ACCEPTED, 1), gotDelete(2, 2)), Set.of(), List.of())
                        .lost())
                .isZero();
    }

    @Test
    void shouldNotExpectACallbackForACreateAndDeleteMissedWhileTheSubscriberHadTheDeleteBefore() {
        ledger.acceptedPut(DOCUMENT, 2);
        ledger.acceptedDelete(DOCUMENT);
        ledger.acceptedPut(DOCUMENT, 5);
        ledger.acceptedDelete(DOCUMENT);

        Tally tally = check(List.of(got(2, Answer.ACCEPTED, 1), gotDelete(2, 2)), Set.of(), List.of());

        assertThat(tally.lost()).isZero();
    }

    @Test
    void shouldExplainDuplicatesByALateAnswerOrAFault() {
        ledger.acceptedPut(DOCUMENT, 2);
        long second = 1_000_000_000L;

        Tally late = check(
                List.of(got(2, Answer.ACCEPTED_LATE, second), got(2, Answer.ACCEPTED, 2 * second)),
                Set.of(),
                List.of());
        Tally afterFault = check(
                List.of(got(2, Answer.ACCEPTED, second), got(2, Answer.ACCEPTED, 90 * second)),
                Set.of(),
                List.of(new Disturbance(50 * second, 70 * second)));
        Tally unexplained = check(
                List.of(got(2, Answer.ACCEPTED, second), got(2, Answer.ACCEPTED, 90 * second)), Set.of(), List.of());

        assertThat(late.duplicatesAfterAmbiguousAnswer).isEqualTo(1);
        assertThat(afterFault.duplicatesAfterFault).isEqualTo(1);
        assertThat(unexplained.duplicatesUnexplained).isEqualTo(1);
    }

    @Test
    void shouldIgnoreRepeatsAndOlderVersionsInTheLedger() {
        ledger.acceptedPut(DOCUMENT, 5);
        ledger.acceptedPut(DOCUMENT, 5);
        ledger.acceptedPut(DOCUMENT, 4);
        ledger.acceptedDelete(DOCUMENT);
        ledger.acceptedDelete(DOCUMENT);
        ledger.acceptedPut(DOCUMENT, 5);

        assertThat(ledger.changes()).isEqualTo(2);
        assertThat(ledger.ignored()).isEqualTo(4);
        assertThat(ledger.expected().get(DOCUMENT).position()).isEqualTo(new Position(5, true));
    }
}
