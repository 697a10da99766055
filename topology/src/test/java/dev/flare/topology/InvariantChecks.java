package dev.flare.topology;

import dev.flare.model.Action;
import dev.flare.model.Delivery;
import dev.flare.model.DocumentState;
import dev.flare.model.Outcome;
import dev.flare.model.Position;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.topology.ReferenceModel.Copy;
import dev.flare.topology.TopologyStep.Doc;
import dev.flare.topology.TopologyStep.Sub;
import java.util.Objects;
import java.util.function.Supplier;

/** Spec §3 I1–I6, checked on what the topology emitted and stored against the {@link ReferenceModel}. */
final class InvariantChecks {

    private final TopologyHarness flare;
    private final ReferenceModel model;

    InvariantChecks(TopologyHarness flare, ReferenceModel model) {
        this.flare = flare;
        this.model = model;
    }

    /**
     * Checks one emitted delivery against what its subscriber has and records it as in flight (I2, I4). A deleted
     * subscription the topology may still reach gets no checks: the connector drops what is sent to it.
     */
    void emitted(Delivery delivery, boolean redrive) {
        Doc doc = Doc.ofUrl(delivery.documentUrl())
                .orElseThrow(() -> violation("I2", "a delivery of an unknown document " + delivery));
        Sub sub = Sub.ofId(delivery.subscriptionId())
                .orElseThrow(() -> violation("I2", "a delivery to an unknown subscription " + delivery));
        String pair = sub + " " + doc;
        check(
                sub.resourceId.equals(doc.resourceId) && sub.resourceId.equals(delivery.resourceId()),
                "I2",
                () -> pair + " is not a subscription of the document's resource");
        check(
                model.mayStillReach(sub),
                "I2",
                () -> pair + " was sent " + delivery.position() + " but " + sub
                        + (model.wasCreated(sub) ? " was deleted" : " was never created"));
        if (!model.isLive(sub)) {
            model.emitted(sub, doc, delivery);
            return;
        }
        Copy copy = model.copy(sub, doc);
        check(
                copy.inFlight == null,
                "I2",
                () -> pair + " was sent " + delivery.position() + " while " + copy.inFlight.position()
                        + " is in flight");
        check(
                delivery.position().equals(model.document(doc)),
                "I2",
                () -> pair + " was sent " + delivery.position() + ", not the newest " + model.document(doc));
        check(
                delivery.position().isAfter(copy.has),
                "I2",
                () -> pair + " was sent " + delivery.position() + " but has " + copy.has);
        boolean redriveOfDeadLetter = redrive
                && copy.lastOutcome == Outcome.DEAD_LETTERED
                && delivery.position().equals(copy.settled);
        check(
                delivery.position().isAfter(copy.lastEmitted) || redriveOfDeadLetter,
                "I2",
                () -> pair + " was sent " + delivery.position() + " after " + copy.lastEmitted);
        action(pair, delivery, copy);
        model.emitted(sub, doc, delivery);
    }

    private static void action(String pair, Delivery delivery, Copy copy) {
        Supplier<String> detail = () -> pair + " holding " + copy.has + " was sent "
                + delivery.action().wireName() + " " + delivery.position() + " from " + delivery.previousRevision();
        if (delivery.position().deleted()) {
            check(delivery.action() == Action.DELETE && copy.hasLive(), "I4", detail);
            check(delivery.document() == null, "I4", detail);
        } else {
            check(delivery.action() == (copy.hasLive() ? Action.UPDATE : Action.CREATE), "I4", detail);
            check(
                    delivery.document() != null
                            && delivery.document().toTree().path("version").asLong() == delivery.revision(),
                    "I4",
                    detail);
        }
        Long previous = copy.hasLive() ? copy.has.revision() : null;
        check(Objects.equals(delivery.previousRevision(), previous), "I4", detail);
    }

    /** A change the model ignored must not notify anyone (I1, I5). */
    void ignoredChangeNotified(int deliveries) {
        check(deliveries == 0, "I1", () -> "an ignored change emitted " + deliveries + " deliveries");
    }

    /** The stores agree with the model and nothing owed is stuck (I1, I3, I5, I6). */
    void state() {
        for (Doc doc : Doc.values()) {
            document(doc);
        }
        for (Sub sub : Sub.values()) {
            if (model.isLive(sub)) {
                sub.documents().forEach(doc -> copy(sub, doc));
            }
        }
    }

    private void document(Doc doc) {
        Position expected = model.document(doc);
        DocumentState stored = flare.document(doc.url);
        if (expected == null) {
            check(stored == null, "I1", () -> doc + " was stored as " + stored + " but no change was accepted");
            return;
        }
        check(
                stored != null && stored.position().equals(expected),
                "I1",
                () -> doc + " is stored at " + (stored == null ? null : stored.position()) + ", expected " + expected);
        check(stored.resourceId().equals(doc.resourceId), "I6", () -> doc + " lost its resource: " + stored);
        check(
                expected.deleted()
                        ? stored.content() == null
                        : stored.content().toTree().path("version").asLong() == expected.revision(),
                "I5",
                () -> doc + " keeps content " + stored.content() + " at " + expected);
    }

    private void copy(Sub sub, Doc doc) {
        Copy copy = model.copy(sub, doc);
        String pair = sub + " " + doc;
        Position owed = copy.owed;
        boolean resolved = owed == null
                || copy.inFlight != null
                || (copy.settled != null && !owed.isAfter(copy.settled))
                || (owed.deleted() && !copy.hasLive());
        check(
                resolved,
                "I3",
                () -> pair + " is owed " + owed + " but nothing is in flight; it has " + copy.has + ", settled "
                        + copy.settled);
        SubscriptionDeliveryState state = flare.state(sub.id, doc.url);
        Position inFlight = copy.inFlight == null ? null : copy.inFlight.position();
        check(
                Objects.equals(state == null ? null : state.inFlight(), inFlight),
                "I2",
                () -> pair + " store shows in flight " + state + ", the connector has " + inFlight);
        check(
                Objects.equals(state == null ? null : state.delivered(), copy.has),
                "I2",
                () -> pair + " store shows delivered " + state + ", the subscriber has " + copy.has);
    }

    /** Once nothing is in flight, every owed position was delivered, discarded, dead-lettered or a silent delete. */
    void quiescent() {
        for (Sub sub : Sub.values()) {
            if (!model.isLive(sub)) {
                continue;
            }
            for (Doc doc : sub.documents()) {
                Copy copy = model.copy(sub, doc);
                Position owed = copy.owed;
                boolean done = owed == null
                        || owed.equals(copy.has)
                        || (owed.deleted() && !copy.hasLive())
                        || (owed.equals(copy.settled)
                                && (copy.lastOutcome == Outcome.DISCARDED
                                        || copy.lastOutcome == Outcome.DEAD_LETTERED));
                check(
                        done,
                        "I3",
                        () -> sub + " " + doc + " ended with " + copy.has + " (last outcome " + copy.lastOutcome
                                + " for " + copy.settled + ") but is owed " + owed);
            }
        }
    }

    private static void check(boolean holds, String invariant, Supplier<String> detail) {
        if (!holds) {
            throw violation(invariant, detail.get());
        }
    }

    private static AssertionError violation(String invariant, String detail) {
        return new AssertionError(invariant + " violated: " + detail);
    }
}
