package dev.flare.topology;

import static dev.flare.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flare.model.Action;
import dev.flare.model.Delivery;
import dev.flare.model.DocumentState;
import dev.flare.model.Outcome;
import dev.flare.model.Position;
import dev.flare.model.SubscriptionDeliveryState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlareTopologyTest {

    private static final String RESOURCE = "res-users";
    private static final String OTHER_RESOURCE = "res-orders";
    private static final String URL = "http://api.example/users/42";
    private static final String SUB = "sub-a";
    private static final String SUB_B = "sub-b";

    @TempDir
    Path stateDir;

    private TopologyHarness flare;

    @BeforeEach
    void start() {
        flare = TopologyHarness.create(stateDir);
    }

    @AfterEach
    void stop() {
        flare.close();
    }

    @Test
    void shouldSendCreateUpdateDeleteCreateWhenAcceptanceSequenceIsAcknowledgedAtOnce() {
        flare.subscribe(RESOURCE, SUB);
        List<Delivery> sent = new ArrayList<>();
        flare.put(URL, RESOURCE, 1);
        sent.addAll(flare.acknowledgeAll());
        flare.put(URL, RESOURCE, 1);
        sent.addAll(flare.acknowledgeAll());
        flare.put(URL, RESOURCE, 2);
        sent.addAll(flare.acknowledgeAll());
        flare.put(URL, RESOURCE, 0);
        sent.addAll(flare.acknowledgeAll());
        flare.delete(URL, RESOURCE);
        sent.addAll(flare.acknowledgeAll());
        flare.put(URL, RESOURCE, 1);
        sent.addAll(flare.acknowledgeAll());
        flare.put(URL, RESOURCE, 3);
        sent.addAll(flare.acknowledgeAll());

        assertThat(sent)
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision)
                .containsExactly(
                        tuple(Action.CREATE, 1L, null),
                        tuple(Action.UPDATE, 2L, 1L),
                        tuple(Action.DELETE, 2L, 2L),
                        tuple(Action.CREATE, 3L, null));
        assertThat(sent).allSatisfy(delivery -> {
            assertThat(delivery.subscriptionId()).isEqualTo(SUB);
            assertThat(delivery.resourceId()).isEqualTo(RESOURCE);
            assertThat(delivery.documentUrl()).isEqualTo(URL);
            assertThat(delivery.attempt()).isEqualTo(1);
            assertThat(delivery.dueAt()).isNull();
            assertThat(delivery.lastStatus()).isNull();
            assertThat(delivery.lastError()).isNull();
            assertThat(delivery.dateVersion()).isFalse();
            assertThat(delivery.updatedAt()).isNotNull();
        });
        assertThat(sent.get(0).document())
                .hasToString(TopologyHarness.content(URL, 1).toString());
        assertThat(sent.get(1).document())
                .hasToString(TopologyHarness.content(URL, 2).toString());
        assertThat(sent.get(2).document()).isNull();
        assertThat(sent.get(3).document())
                .hasToString(TopologyHarness.content(URL, 3).toString());
    }

    @Test
    void shouldCarryTheDocumentsUpdatedAtWhenEmitting() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);

        Delivery delivery = flare.deliveries().get(0);

        assertThat(delivery.updatedAt()).isEqualTo(flare.document(URL).updatedAt());
    }

    @Test
    void shouldNotifyOnceWhenTheSamePutArrivesTwice() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 5);
        flare.put(URL, RESOURCE, 5);

        assertThat(flare.acknowledgeAll()).extracting(Delivery::revision).containsExactly(5L);
        assertThat(flare.counter("flare.topology.changes.ignored", "reason", "duplicate"))
                .isEqualTo(1.0);
    }

    @Test
    void shouldIgnoreAnOlderPutWhenTheDocumentIsNewer() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 5);
        flare.acknowledgeAll();

        flare.put(URL, RESOURCE, 4);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.document(URL).revision()).isEqualTo(5L);
        assertThat(flare.counter("flare.topology.changes.ignored", "reason", "stale"))
                .isEqualTo(1.0);
    }

    @Test
    void shouldIgnoreADeleteWhenTheDocumentIsUnknown() {
        flare.subscribe(RESOURCE, SUB);

        flare.delete(URL, RESOURCE);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.document(URL)).isNull();
        assertThat(flare.counter("flare.topology.changes.ignored", "reason", "delete-of-nothing"))
                .isEqualTo(1.0);
    }

    @Test
    void shouldIgnoreAnOlderOrEqualPutWhenTheDocumentIsDeleted() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 5);
        flare.delete(URL, RESOURCE);
        flare.acknowledgeAll();

        flare.put(URL, RESOURCE, 5);
        flare.put(URL, RESOURCE, 3);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.document(URL).deleted()).isTrue();
        assertThat(flare.document(URL).revision()).isEqualTo(5L);
    }

    @Test
    void shouldSendACreateWhenANewerPutFollowsADelete() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 5);
        flare.delete(URL, RESOURCE);
        flare.acknowledgeAll();

        flare.put(URL, RESOURCE, 6);

        assertThat(flare.acknowledgeAll())
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision)
                .containsExactly(tuple(Action.CREATE, 6L, null));
    }

    @Test
    void shouldKeepTheRevisionAndDropTheContentWhenADeleteIsStored() {
        flare.put(URL, RESOURCE, 5);

        flare.delete(URL, RESOURCE);

        DocumentState tombstone = flare.document(URL);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.revision()).isEqualTo(5L);
        assertThat(tombstone.content()).isNull();
        assertThat(tombstone.resourceId()).isEqualTo(RESOURCE);
    }

    @Test
    void shouldCompareDateVersionsLikeIntegersWhenDateVersionIsSet() {
        flare.subscribe(RESOURCE, SUB);
        Instant v1 = Instant.parse("2026-03-01T10:00:00.000000001Z");
        Instant v2 = Instant.parse("2026-03-01T10:00:00.000000002Z");
        List<Delivery> sent = new ArrayList<>();
        flare.putDate(URL, RESOURCE, v1);
        sent.addAll(flare.acknowledgeAll());
        flare.putDate(URL, RESOURCE, v1);
        flare.putDate(URL, RESOURCE, v2);
        sent.addAll(flare.acknowledgeAll());
        flare.putDate(URL, RESOURCE, v1);
        flare.delete(URL, RESOURCE);
        sent.addAll(flare.acknowledgeAll());

        long n1 = v1.getEpochSecond() * 1_000_000_000L + 1;
        long n2 = n1 + 1;
        assertThat(sent)
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision, Delivery::dateVersion)
                .containsExactly(
                        tuple(Action.CREATE, n1, null, true),
                        tuple(Action.UPDATE, n2, n1, true),
                        tuple(Action.DELETE, n2, n2, true));
    }

    @Test
    void shouldEmitNothingMoreWhenADeliveryIsInFlight() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        assertThat(flare.deliveries()).hasSize(1);

        for (long revision = 2; revision <= 5; revision++) {
            flare.put(URL, RESOURCE, revision);
        }

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.state(SUB, URL).waiting()).isEqualTo(new Position(5, false));
    }

    @Test
    void shouldSendOnlyTheLatestVersionWhenTheDeliveryInFlightEnds() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        Delivery first = flare.deliveries().get(0);
        for (long revision = 2; revision <= 5; revision++) {
            flare.put(URL, RESOURCE, revision);
        }

        flare.report(first, Outcome.DELIVERED);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision)
                .containsExactly(tuple(Action.UPDATE, 5L, 1L));
    }

    @Test
    void shouldKeepTheDeliveryInFlightAndRecordTheAttemptWhenItIsRetrying() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        Delivery first = flare.deliveries().get(0);
        flare.put(URL, RESOURCE, 2);

        flare.report(first.nextAttempt(null, 503, "HTTP 503"), Outcome.RETRYING);

        assertThat(flare.deliveries()).isEmpty();
        SubscriptionDeliveryState state = flare.state(SUB, URL);
        assertThat(state.inFlight()).isEqualTo(new Position(1, false));
        assertThat(state.waiting()).isEqualTo(new Position(2, false));
        assertThat(state.lastOutcome()).isEqualTo(Outcome.RETRYING);
        assertThat(state.attempts()).isEqualTo(2);
        assertThat(state.inFlightSince()).isNotNull();

        flare.report(first, Outcome.DELIVERED);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision)
                .containsExactly(tuple(Action.UPDATE, 2L));
    }

    @Test
    void shouldIgnoreAResultWhenItIsAStaleDuplicate() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        Delivery first = flare.deliveries().get(0);
        flare.put(URL, RESOURCE, 2);
        flare.report(first, Outcome.DELIVERED);
        Delivery second = flare.deliveries().get(0);
        flare.put(URL, RESOURCE, 3);

        flare.report(first, Outcome.DELIVERED);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.state(SUB, URL).inFlight()).isEqualTo(second.position());
        assertThat(flare.counter("flare.topology.results.ignored", "reason", "stale"))
                .isEqualTo(1.0);
    }

    @Test
    void shouldSendAnUpdateFromTheDeliveredVersionWhenTheLastOneWasDiscarded() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.acknowledgeAll();
        flare.put(URL, RESOURCE, 2);
        flare.report(flare.deliveries().get(0), Outcome.DISCARDED);

        flare.put(URL, RESOURCE, 3);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision)
                .containsExactly(tuple(Action.UPDATE, 3L, 1L));
    }

    @Test
    void shouldMoveSettledButNotDeliveredWhenADeliveryIsDiscarded() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);

        flare.report(flare.deliveries().get(0), Outcome.DISCARDED);

        SubscriptionDeliveryState state = flare.state(SUB, URL);
        assertThat(state.settled()).isEqualTo(new Position(1, false));
        assertThat(state.delivered()).isNull();
        assertThat(state.inFlight()).isNull();
        assertThat(state.lastOutcome()).isEqualTo(Outcome.DISCARDED);
        assertThat(state.lastStatus()).isEqualTo(410);
    }

    @Test
    void shouldSendACreateWhenNothingWasDeliveredBeforeADeadLetter() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.report(flare.deliveries().get(0), Outcome.DEAD_LETTERED);

        flare.put(URL, RESOURCE, 2);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision)
                .containsExactly(tuple(Action.CREATE, 2L, null));
    }

    @Test
    void shouldNotResendTheSettledVersionWhenADeliveryIsDeadLettered() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);

        flare.report(flare.deliveries().get(0), Outcome.DEAD_LETTERED);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.state(SUB, URL).settled()).isEqualTo(new Position(1, false));
    }

    @Test
    void shouldSendTheDocumentAgainWhenADeadLetterIsRedriven() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.report(flare.deliveries().get(0), Outcome.DEAD_LETTERED);
        SubscriptionDeliveryState dead = flare.state(SUB, URL);
        assertThat(dead.isDeadLettered()).isTrue();

        flare.redrive(dead);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision, Delivery::attempt)
                .containsExactly(tuple(Action.CREATE, 1L, 1));
        assertThat(flare.state(SUB, URL).isDeadLettered()).isFalse();
    }

    @Test
    void shouldSendTheNewestVersionFromTheDeliveredOneWhenARedriveFollowsADeadUpdate() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.report(flare.deliveries().get(0), Outcome.DELIVERED);
        flare.put(URL, RESOURCE, 2);
        flare.report(flare.deliveries().get(0), Outcome.DEAD_LETTERED);

        flare.redrive(flare.state(SUB, URL));

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision)
                .containsExactly(tuple(Action.UPDATE, 2L, 1L));
    }

    @Test
    void shouldIgnoreARedriveWhenANewerVersionWasDeliveredSince() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.report(flare.deliveries().get(0), Outcome.DEAD_LETTERED);
        SubscriptionDeliveryState seen = flare.state(SUB, URL);
        flare.put(URL, RESOURCE, 2);
        flare.report(flare.deliveries().get(0), Outcome.DELIVERED);

        flare.redrive(seen);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.state(SUB, URL).delivered()).isEqualTo(new Position(2, false));
        assertThat(flare.registry
                        .get("flare.topology.commands")
                        .tag("result", "ignored")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldIgnoreARedriveWhenTheDeliveryIsAlreadyInFlightAgain() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.report(flare.deliveries().get(0), Outcome.DEAD_LETTERED);
        SubscriptionDeliveryState seen = flare.state(SUB, URL);
        flare.redrive(seen);
        assertThat(flare.deliveries()).hasSize(1);

        flare.redrive(seen);

        assertThat(flare.deliveries()).isEmpty();
    }

    @Test
    void shouldSendEveryLiveDocumentOfTheResourceWhenASubscriptionIsBackfilled() {
        flare.put(URL, RESOURCE, 3);
        flare.put("http://api.company.com/users/2", RESOURCE, 1);
        flare.put("http://api.company.com/users/3", RESOURCE, 1);
        flare.delete("http://api.company.com/users/3", RESOURCE);
        flare.put("http://api.company.com/orders/1", "other", 1);
        flare.subscribe(RESOURCE, SUB);

        flare.backfill(RESOURCE, SUB);

        assertThat(flare.deliveries())
                .extracting(Delivery::documentUrl, Delivery::action, Delivery::revision)
                .containsExactlyInAnyOrder(
                        tuple(URL, Action.CREATE, 3L), tuple("http://api.company.com/users/2", Action.CREATE, 1L));
    }

    @Test
    void shouldReachABackfilledSubscriptionWithLiveChangesBeforeTheGlobalStoreShowsIt() {
        flare.backfill(RESOURCE, SUB);

        flare.put(URL, RESOURCE, 1);

        assertThat(flare.deliveries())
                .extracting(Delivery::subscriptionId, Delivery::action, Delivery::revision)
                .containsExactly(tuple(SUB, Action.CREATE, 1L));
    }

    @Test
    void shouldNotSendTwiceWhenALiveChangeReachedTheSubscriptionBeforeItsBackfill() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.report(flare.deliveries().get(0), Outcome.DELIVERED);
        flare.put("http://api.company.com/users/2", RESOURCE, 5);
        Delivery inFlight = flare.deliveries().get(0);

        flare.backfill(RESOURCE, SUB);

        assertThat(flare.deliveries()).isEmpty();
        flare.report(inFlight, Outcome.DELIVERED);
        assertThat(flare.deliveries()).isEmpty();
    }

    @Test
    void shouldSendNothingOnReplayWhenTheSubscriberIsUpToDate() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 2);
        flare.acknowledgeAll();

        flare.replay(RESOURCE, SUB, null, false);

        assertThat(flare.deliveries()).isEmpty();
    }

    @Test
    void shouldSendWhatTheSubscriberLacksOnReplayWhenItsLastVersionWasDiscarded() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 2);
        flare.acknowledgeAll();
        flare.put(URL, RESOURCE, 3);
        flare.report(flare.deliveries().get(0), Outcome.DISCARDED);

        flare.replay(RESOURCE, SUB, null, false);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision)
                .containsExactly(tuple(Action.UPDATE, 3L, 2L));
    }

    @Test
    void shouldStartOverWithACreateWhenReplayResets() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 2);
        flare.acknowledgeAll();

        flare.replay(RESOURCE, SUB, null, true);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision)
                .containsExactly(tuple(Action.CREATE, 2L));
    }

    @Test
    void shouldNotSendBesideADeliveryInFlightWhenReplayResetsAndSendTheNewestAfterIt() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.report(flare.deliveries().get(0), Outcome.DELIVERED);
        flare.put(URL, RESOURCE, 2);
        Delivery inFlight = flare.deliveries().get(0);

        flare.replay(RESOURCE, SUB, null, true);
        flare.put(URL, RESOURCE, 3);

        assertThat(flare.deliveries()).isEmpty();
        flare.report(inFlight, Outcome.DELIVERED);
        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision)
                .containsExactly(tuple(Action.UPDATE, 3L));
    }

    @Test
    void shouldReplayOnlyDocumentsChangedSinceTheGivenTime() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        Instant between = flare.now();
        flare.put("http://api.company.com/users/2", RESOURCE, 1);
        flare.acknowledgeAll();

        flare.replay(RESOURCE, SUB, between, true);

        assertThat(flare.deliveries())
                .extracting(Delivery::documentUrl)
                .containsExactly("http://api.company.com/users/2");
    }

    @Test
    void shouldNotSendADeleteWhenTheSubscriberNeverReceivedTheDocument() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.report(flare.deliveries().get(0), Outcome.DISCARDED);

        flare.delete(URL, RESOURCE);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.state(SUB, URL).settled()).isEqualTo(new Position(1, true));
    }

    @Test
    void shouldNotSendADeleteWhenTheDocumentWasCreatedAndDeletedWhileOneWasInFlight() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        Delivery first = flare.deliveries().get(0);
        flare.report(first, Outcome.DISCARDED);
        flare.put(URL, RESOURCE, 2);
        Delivery second = flare.deliveries().get(0);
        flare.delete(URL, RESOURCE);

        flare.report(second, Outcome.DISCARDED);

        assertThat(flare.deliveries()).isEmpty();
    }

    @Test
    void shouldProgressEachSubscriptionIndependentlyWhenTwoSubscribeToOneResource() {
        flare.subscribe(RESOURCE, SUB);
        flare.subscribe(RESOURCE, SUB_B);
        flare.put(URL, RESOURCE, 1);
        List<Delivery> firsts = flare.deliveries();
        Delivery forA = firsts.stream()
                .filter(d -> d.subscriptionId().equals(SUB))
                .findFirst()
                .orElseThrow();
        flare.put(URL, RESOURCE, 2);

        flare.report(forA, Outcome.DELIVERED);

        assertThat(firsts)
                .extracting(Delivery::subscriptionId, Delivery::action, Delivery::revision)
                .containsExactlyInAnyOrder(tuple(SUB, Action.CREATE, 1L), tuple(SUB_B, Action.CREATE, 1L));
        assertThat(flare.deliveries())
                .extracting(Delivery::subscriptionId, Delivery::action, Delivery::revision)
                .containsExactly(tuple(SUB, Action.UPDATE, 2L));
        assertThat(flare.state(SUB_B, URL).inFlight()).isEqualTo(new Position(1, false));
    }

    @Test
    void shouldSendNothingToASubscriptionWhenItIsOfAnotherResource() {
        flare.subscribe(OTHER_RESOURCE, SUB_B);

        flare.put(URL, RESOURCE, 1);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.state(SUB_B, URL)).isNull();
    }

    @Test
    void shouldEmitNothingForASubscriptionWhenItIsDeleted() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.acknowledgeAll();

        flare.unsubscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 2);

        assertThat(flare.deliveries()).isEmpty();
    }

    @Test
    void shouldClearTheStateAndEmitNothingWhenALateResultArrivesForADeletedSubscription() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        Delivery first = flare.deliveries().get(0);
        flare.put(URL, RESOURCE, 2);
        flare.unsubscribe(RESOURCE, SUB);

        flare.report(first, Outcome.DELIVERED);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.state(SUB, URL)).isNull();
    }

    @Test
    void shouldClearTheStateWhenADeliveryIsDropped() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        Delivery first = flare.deliveries().get(0);
        flare.put(URL, RESOURCE, 2);

        flare.report(first, Outcome.DROPPED);

        assertThat(flare.deliveries()).isEmpty();
        assertThat(flare.state(SUB, URL)).isNull();
    }

    @Test
    void shouldStoreTheDocumentWhenTheResourceHasNoSubscriptions() {
        flare.put(URL, RESOURCE, 7);

        DocumentState stored = flare.document(URL);

        assertThat(stored.revision()).isEqualTo(7L);
        assertThat(stored.deleted()).isFalse();
        assertThat(stored.resourceId()).isEqualTo(RESOURCE);
        assertThat(stored.content()).hasToString(TopologyHarness.content(URL, 7).toString());
        assertThat(stored.updatedAt()).isAfter(T0);
        assertThat(flare.deliveries()).isEmpty();
    }

    @Test
    void shouldSendTheCurrentVersionToASubscriptionWhenItSubscribesAfterTheDocumentExisted() {
        flare.put(URL, RESOURCE, 1);
        flare.subscribe(RESOURCE, SUB);

        flare.put(URL, RESOURCE, 2);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision)
                .containsExactly(tuple(Action.CREATE, 2L));
    }

    @Test
    void shouldResumeFromTheRestoredStateWhenRestartedWithADeliveryInFlight() {
        flare.subscribe(RESOURCE, SUB);
        flare.put(URL, RESOURCE, 1);
        flare.acknowledgeAll();
        flare.put(URL, RESOURCE, 2);
        Delivery inFlight = flare.deliveries().get(0);
        flare.put(URL, RESOURCE, 3);

        flare.restart();
        flare.restart();
        flare.put(URL, RESOURCE, 3);
        flare.report(inFlight, Outcome.DELIVERED);

        assertThat(flare.deliveries())
                .extracting(Delivery::action, Delivery::revision, Delivery::previousRevision)
                .containsExactly(tuple(Action.UPDATE, 3L, 2L));
        assertThat(flare.document(URL).revision()).isEqualTo(3L);
    }

    @Test
    void shouldKeepProcessingWhenAPoisonRecordArrivesOnTheDocumentsTopic() {
        flare.subscribe(RESOURCE, SUB);
        byte[] poison = "not json".getBytes(StandardCharsets.UTF_8);

        flare.pipeRawDocument(URL, poison);
        flare.put(URL, RESOURCE, 1);

        assertThat(flare.deliveries()).extracting(Delivery::revision).containsExactly(1L);
        assertThat(flare.document(URL).revision()).isEqualTo(1L);
    }

    @Test
    void shouldCountAcceptedChangesAndEmittedDeliveriesWhenAChangeIsSent() {
        flare.subscribe(RESOURCE, SUB);

        flare.put(URL, RESOURCE, 1);

        assertThat(flare.registry
                        .get("flare.topology.changes.accepted")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(flare.counter("flare.topology.deliveries.emitted", "action", "create"))
                .isEqualTo(1.0);
    }
}
