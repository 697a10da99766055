package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.connector.internal.CircuitBreaker.Health;
import dev.flare.connector.internal.SubscriptionGates.Admission;
import dev.flare.connector.internal.SubscriptionGates.Defer;
import dev.flare.connector.internal.SubscriptionGates.Go;
import dev.flare.connector.internal.SubscriptionGates.Queued;
import dev.flare.connector.internal.SubscriptionGates.Reason;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.Endpoint;
import dev.flare.model.Pause;
import dev.flare.model.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionGatesTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration BUSY = Duration.ofSeconds(15);
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(NOW);
    private final SubscriptionGates gates =
            new SubscriptionGates(new SubscriptionGates.Settings(2, 1, 2, OPEN_FOR), clock);

    @Test
    void shouldLetCallsGoWhenUnderEveryLimit() {
        assertThat(gates.admit(subscription("a", null, null), BUSY)).isInstanceOf(Go.class);
    }

    @Test
    void shouldQueueWhatItsSlotsGetThroughAtAnAssumedPaceThenDeferBeforeAnyCallHasFinished() {
        Subscription a = subscription("a", null, null);
        gates.admit(a, BUSY);
        gates.admit(a, BUSY);

        TurnedAway turnedAway = fillQueue(a, BUSY);

        long assumedCalls = SubscriptionGates.QUEUE_TIME.dividedBy(SubscriptionGates.UNKNOWN_CALL);
        assertThat(turnedAway.queued()).isEqualTo(2 * assumedCalls).isGreaterThan(1);
        assertThat(turnedAway.defer()).isEqualTo(new Defer(Reason.CONCURRENCY, SubscriptionGates.QUEUE_WAIT));
    }

    @Test
    void shouldQueueMoreAndDeferOnlyAsLongAsTheQueueTakesWhenTheSubscriptionAnswersFast() {
        Subscription a = subscription("a", null, null);
        Go first = (Go) gates.admit(a, BUSY);
        gates.admit(a, BUSY);
        first.permit().release(Health.SUCCESS);
        gates.admit(a, BUSY);
        TurnedAway turnedAway = fillQueue(a, BUSY);

        assertThat(turnedAway.queued())
                .as("a subscriber answering within microseconds keeps many calls in memory")
                .isGreaterThan(256)
                .isLessThanOrEqualTo(SubscriptionGates.MAX_QUEUE);
        Defer defer = turnedAway.defer();
        assertThat(defer.reason()).isEqualTo(Reason.CONCURRENCY);
        assertThat(defer.delay()).isPositive().isLessThan(BUSY.dividedBy(5));
    }

    @Test
    void shouldDeferForAboutAsLongAsTheQueueAheadTakesAtTheSubscribersPace() throws InterruptedException {
        Duration callAtLeast = Duration.ofMillis(40);
        Subscription a = subscription("a", null, null);
        long before = System.nanoTime();
        Go first = (Go) gates.admit(a, BUSY);
        gates.admit(a, BUSY);
        Thread.sleep(callAtLeast);
        first.permit().release(Health.SUCCESS);
        long callAtMostNanos = System.nanoTime() - before;
        gates.admit(a, BUSY);
        TurnedAway turnedAway = fillQueue(a, BUSY);

        long throughQueueTime = 2 * SubscriptionGates.QUEUE_TIME.toNanos();
        assertThat(turnedAway.queued())
                .as(
                        "the queue holds what two call slots get through in %s at the pace of that call",
                        SubscriptionGates.QUEUE_TIME)
                .isGreaterThanOrEqualTo((int) Math.min(SubscriptionGates.MAX_QUEUE, throughQueueTime / callAtMostNanos))
                .isLessThanOrEqualTo((int) (throughQueueTime / callAtLeast.toNanos()));
        Duration slotAtLeast = callAtLeast.dividedBy(2);
        assertThat(turnedAway.defer().delay())
                .isGreaterThanOrEqualTo(slotAtLeast.multipliedBy(turnedAway.queued() + 1L))
                .isLessThanOrEqualTo(BUSY);
    }

    @Test
    void shouldDeferLongerWhileAnOverflowLastsBeforeAnyCallHasFinished() {
        Subscription a = subscription("a", null, null);
        gates.admit(a, BUSY);
        gates.admit(a, BUSY);
        TurnedAway overflow = fillQueue(a, BUSY);
        assertThat(overflow.defer()).isEqualTo(new Defer(Reason.CONCURRENCY, SubscriptionGates.QUEUE_WAIT));

        clock.advance(Duration.ofSeconds(5));
        assertThat(gates.admit(a, BUSY)).isEqualTo(new Defer(Reason.CONCURRENCY, Duration.ofSeconds(5)));
        clock.advance(Duration.ofSeconds(20));
        assertThat(gates.admit(a, BUSY)).isEqualTo(new Defer(Reason.CONCURRENCY, BUSY));
    }

    @Test
    void shouldKeepDeferringLongerWhileTheQueueStaysOverHalfFull() throws InterruptedException {
        Subscription a = subscription("a", null, null);
        Go first = (Go) gates.admit(a, BUSY);
        Go second = (Go) gates.admit(a, BUSY);
        Thread.sleep(40);
        first.permit().release(Health.SUCCESS);
        gates.admit(a, BUSY);
        TurnedAway overflow = fillQueue(a, BUSY);

        clock.advance(Duration.ofSeconds(20));
        second.permit().release(Health.SUCCESS);
        assertThat(overflow.waiting().get(0).next()).isCompleted();

        assertThat(fillQueue(a, BUSY).defer())
                .as("one call ending leaves the queue over half full: the overflow goes on")
                .isEqualTo(new Defer(Reason.CONCURRENCY, BUSY));
    }

    @Test
    void shouldStartOverOnceTheQueueHasDrainedToHalfItsLimit() {
        Subscription a = subscription("a", null, null);
        Go first = (Go) gates.admit(a, BUSY);
        gates.admit(a, BUSY);
        TurnedAway burst = fillQueue(a, BUSY);
        clock.advance(Duration.ofMinutes(1));

        first.permit().release(Health.SUCCESS);
        TurnedAway later = fillQueue(a, BUSY);

        assertThat(burst.queued())
                .as("a call answered in microseconds raises the limit far above the first burst")
                .isLessThan(later.queued() / 2);
        assertThat(later.defer().delay())
                .as("the first overflow ended when the queue drained, so the later one waits only for its queue")
                .isLessThan(BUSY.dividedBy(5));
    }

    @Test
    void shouldNeverDeferLongerThanACallMayTake() {
        Duration shortCalls = Duration.ofMillis(200);
        Subscription a = subscription("a", null, null);
        gates.admit(a, shortCalls);
        gates.admit(a, shortCalls);

        assertThat(fillQueue(a, shortCalls).defer()).isEqualTo(new Defer(Reason.CONCURRENCY, shortCalls));
    }

    @Test
    void shouldStartQueuedDeliveryWhenACallEnds() {
        Subscription a = subscription("a", null, null);
        Go first = (Go) gates.admit(a, BUSY);
        gates.admit(a, BUSY);
        Queued queued = (Queued) gates.admit(a, BUSY);

        first.permit().release(Health.SUCCESS);

        assertThat(queued.next()).isCompleted();
        assertThat(queued.next().join()).isInstanceOf(Go.class);
    }

    @Test
    void shouldUseSubscriptionsOwnConcurrencyWhenSet() {
        Subscription a = subscription("a", 1, null);
        gates.admit(a, BUSY);

        assertThat(gates.admit(a, BUSY)).isInstanceOf(Queued.class);
    }

    @Test
    void shouldDeferUntilNextTokenWhenOverMaxPerSecond() {
        Subscription a = subscription("a", null, 1.0);
        Go first = (Go) gates.admit(a, BUSY);
        first.permit().release(Health.SUCCESS);

        assertThat(gates.admit(a, BUSY)).isEqualTo(new Defer(Reason.RATE, Duration.ofSeconds(1)));

        clock.advance(Duration.ofSeconds(1));
        assertThat(gates.admit(a, BUSY)).isInstanceOf(Go.class);
    }

    @Test
    void shouldDeferForRestOfOpenTimeWhenCircuitIsOpen() {
        Subscription a = subscription("a", null, null);
        failTwice(a);

        clock.advance(Duration.ofSeconds(10));

        assertThat(gates.admit(a, BUSY)).isEqualTo(new Defer(Reason.CIRCUIT, Duration.ofSeconds(20)));
        assertThat(gates.openCircuits()).isEqualTo(1);
    }

    @Test
    void shouldLetOneProbeThroughAndDeferOthersWhenOpenTimeIsOver() {
        Subscription a = subscription("a", null, null);
        failTwice(a);
        clock.advance(OPEN_FOR);

        Admission probe = gates.admit(a, BUSY);
        Admission other = gates.admit(a, BUSY);

        assertThat(probe).isInstanceOf(Go.class);
        assertThat(other).isEqualTo(new Defer(Reason.CIRCUIT, BUSY));
        ((Go) probe).permit().release(Health.SUCCESS);
        assertThat(gates.admit(a, BUSY)).isInstanceOf(Go.class);
        assertThat(gates.openCircuits()).isZero();
    }

    @Test
    void shouldDeferQueuedDeliveryWhenCircuitOpensWhileItWaits() {
        SubscriptionGates opensAtOnce = new SubscriptionGates(new SubscriptionGates.Settings(1, 1, 1, OPEN_FOR), clock);
        Subscription a = subscription("a", null, null);
        Go first = (Go) opensAtOnce.admit(a, BUSY);
        Queued queued = (Queued) opensAtOnce.admit(a, BUSY);

        first.permit().release(Health.FAILURE);

        assertThat(queued.next().join()).isEqualTo(new Defer(Reason.CIRCUIT, OPEN_FOR));
    }

    @Test
    void shouldKeepOtherSubscriptionsGoingWhenOneIsBlocked() {
        Subscription slow = subscription("slow", 1, null);
        gates.admit(slow, BUSY);
        Subscription failing = subscription("failing", null, null);
        failTwice(failing);

        assertThat(fillQueue(slow, BUSY).defer().reason()).isEqualTo(Reason.CONCURRENCY);
        assertThat(gates.admit(failing, BUSY)).isInstanceOf(Defer.class);
        assertThat(gates.admit(subscription("healthy", null, null), BUSY)).isInstanceOf(Go.class);
    }

    @Test
    void shouldReleasePermitOnlyOnceWhenReleasedTwice() {
        Subscription a = subscription("a", 1, null);
        Go first = (Go) gates.admit(a, BUSY);
        first.permit().release(Health.SUCCESS);
        first.permit().release(Health.SUCCESS);
        gates.admit(a, BUSY);

        assertThat(gates.admit(a, BUSY)).isInstanceOf(Queued.class);
    }

    @Test
    void shouldHoldDeliveriesAfter410UntilLocalHoldEnds() {
        Subscription a = subscription("a", null, null);

        gates.pause("a");

        assertThat(gates.isPaused(a)).isTrue();
        clock.advance(SubscriptionGates.LOCAL_PAUSE);
        assertThat(gates.isPaused(a)).isFalse();
    }

    @Test
    void shouldFollowCatalogOnlyWhenItHasShownThePause() {
        Subscription active = subscription("a", null, null);
        gates.pause("a");

        assertThat(gates.isPaused(active.withPause(new Pause("gone", 410, NOW))))
                .isTrue();

        assertThat(gates.isPaused(active)).isFalse();
    }

    @Test
    void shouldHoldDeliveriesWhenCatalogShowsSubscriptionPaused() {
        Subscription paused = subscription("a", null, null).withPause(new Pause("gone", 410, NOW));

        assertThat(gates.isPaused(paused)).isTrue();
        assertThat(gates.isPaused(subscription("b", null, null))).isFalse();
    }

    private void failTwice(Subscription subscription) {
        Go first = (Go) gates.admit(subscription, BUSY);
        Go second = (Go) gates.admit(subscription, BUSY);
        first.permit().release(Health.FAILURE);
        second.permit().release(Health.FAILURE);
    }

    private record TurnedAway(List<Queued> waiting, Defer defer) {

        int queued() {
            return waiting.size();
        }
    }

    /** Admits deliveries until one is turned away; those queued before it, and its deferral. */
    private TurnedAway fillQueue(Subscription subscription, Duration busyWait) {
        List<Queued> waiting = new ArrayList<>();
        Admission admission = gates.admit(subscription, busyWait);
        while (admission instanceof Queued queued) {
            waiting.add(queued);
            admission = gates.admit(subscription, busyWait);
        }
        return new TurnedAway(waiting, (Defer) admission);
    }

    private static Subscription subscription(String id, Integer maxConcurrency, Double maxPerSecond) {
        return new Subscription(
                id,
                "r1",
                new Endpoint("http://hooks.example.com/", null, null, null),
                new DeliveryPolicy(List.of(), List.of(), null, null, maxConcurrency, maxPerSecond),
                null,
                null,
                NOW,
                List.of(),
                null);
    }
}
