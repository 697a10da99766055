package dev.flare.topology;

import dev.flare.model.Delivery;
import dev.flare.model.DeliveryResult;
import dev.flare.model.Outcome;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.topology.ReferenceModel.Copy;
import dev.flare.topology.TopologyStep.Answer;
import dev.flare.topology.TopologyStep.AnswerAgain;
import dev.flare.topology.TopologyStep.Creation;
import dev.flare.topology.TopologyStep.Delete;
import dev.flare.topology.TopologyStep.Doc;
import dev.flare.topology.TopologyStep.Put;
import dev.flare.topology.TopologyStep.Redrive;
import dev.flare.topology.TopologyStep.Restart;
import dev.flare.topology.TopologyStep.Sub;
import dev.flare.topology.TopologyStep.Subscribe;
import dev.flare.topology.TopologyStep.Unsubscribe;
import java.nio.file.Path;
import java.util.List;

/**
 * Plays {@link TopologyStep}s against the topology in a {@link TopologyHarness} and against the
 * {@link ReferenceModel}, the harness standing in for ingest, the connector and the operator, and checks every
 * invariant after every step.
 */
final class ScenarioRun implements AutoCloseable {

    private static final int DRAIN_ROUNDS = 50;

    private final TopologyHarness flare;
    private final ReferenceModel model = new ReferenceModel();
    private final InvariantChecks checks;
    private Sub seenLate;

    ScenarioRun(Path stateDir) {
        flare = TopologyHarness.create(stateDir);
        checks = new InvariantChecks(flare, model);
        for (Sub sub : Sub.values()) {
            if (sub.initial) {
                flare.subscribe(sub.resourceId, sub.id);
                model.subscribe(sub, false);
            }
        }
    }

    void play(List<TopologyStep> steps) {
        for (int i = 0; i < steps.size(); i++) {
            TopologyStep step = steps.get(i);
            try {
                apply(step);
            } catch (AssertionError e) {
                throw new AssertionError("step " + (i + 1) + " (" + step + "): " + e.getMessage(), e);
            }
        }
        try {
            drain();
        } catch (AssertionError e) {
            throw new AssertionError("after the last step, answering every delivery: " + e.getMessage(), e);
        }
    }

    private void apply(TopologyStep step) {
        showLateSubscription();
        switch (step) {
            case Put put ->
                change(
                        model.put(put.doc(), put.version()),
                        () -> flare.put(put.doc().url, put.doc().resourceId, put.version()));
            case Delete delete ->
                change(model.delete(delete.doc()), () -> flare.delete(delete.doc().url, delete.doc().resourceId));
            case Answer answer -> answer(answer.sub(), answer.doc(), answer.outcome());
            case AnswerAgain again -> answerAgain(again.sub(), again.doc());
            case Subscribe subscribe -> subscribe(subscribe.sub(), subscribe.creation());
            case Unsubscribe unsubscribe -> unsubscribe(unsubscribe.sub());
            case Redrive redrive -> redrive(redrive.sub(), redrive.doc());
            case Restart restart -> flare.restart();
        }
        checkEmitted(step instanceof Redrive);
        checks.state();
    }

    private void change(boolean accepted, Runnable send) {
        send.run();
        if (!accepted) {
            List<Delivery> emitted = flare.deliveries();
            checks.ignoredChangeNotified(emitted.size());
        }
    }

    private void answer(Sub sub, Doc doc, Outcome outcome) {
        Copy copy = model.copy(sub, doc);
        boolean connectorWouldDrop = !model.isLive(sub);
        if (copy.inFlight == null || (outcome == Outcome.DROPPED && !connectorWouldDrop)) {
            return;
        }
        Delivery reported =
                outcome == Outcome.RETRYING ? copy.inFlight.nextAttempt(null, 503, "HTTP 503") : copy.inFlight;
        DeliveryResult result = flare.report(reported, outcome);
        model.answered(sub, doc, result);
        if (outcome == Outcome.RETRYING) {
            copy.inFlight = reported;
        }
    }

    /** A duplicate of an older result; one for the position in flight now would be indistinguishable from new. */
    private void answerAgain(Sub sub, Doc doc) {
        Copy copy = model.copy(sub, doc);
        DeliveryResult last = copy.lastResult;
        if (last != null && (copy.inFlight == null || !copy.inFlight.position().equals(last.position()))) {
            flare.reportAgain(last);
        }
    }

    private void subscribe(Sub sub, Creation creation) {
        if (model.wasCreated(sub)) {
            return;
        }
        model.subscribe(sub, creation != Creation.LIVE_ONLY);
        if (creation == Creation.BACKFILL_SEEN_LATE) {
            seenLate = sub;
        } else {
            flare.subscribe(sub.resourceId, sub.id);
        }
        if (creation != Creation.LIVE_ONLY) {
            flare.backfill(sub.resourceId, sub.id);
        }
    }

    /** The subscription record of a backfill the global store showed late reaches it one step later. */
    private void showLateSubscription() {
        if (seenLate != null) {
            flare.subscribe(seenLate.resourceId, seenLate.id);
            seenLate = null;
        }
    }

    private void unsubscribe(Sub sub) {
        if (model.isLive(sub)) {
            model.unsubscribe(sub);
            flare.unsubscribe(sub.resourceId, sub.id);
        }
    }

    private void redrive(Sub sub, Doc doc) {
        SubscriptionDeliveryState state = flare.state(sub.id, doc.url);
        if (model.isLive(sub) && state != null && state.isDeadLettered()) {
            flare.redrive(state);
        }
    }

    private void checkEmitted(boolean redrive) {
        for (Delivery delivery : flare.deliveries()) {
            checks.emitted(delivery, redrive);
        }
    }

    /** Answers every delivery in flight, as a healthy connector would, until nothing is; then checks I3. */
    private void drain() {
        showLateSubscription();
        for (int round = 0; round < DRAIN_ROUNDS && model.anythingInFlight(); round++) {
            for (Sub sub : Sub.values()) {
                for (Doc doc : sub.documents()) {
                    answer(sub, doc, model.isLive(sub) ? Outcome.DELIVERED : Outcome.DROPPED);
                    checkEmitted(false);
                    checks.state();
                }
            }
        }
        if (model.anythingInFlight()) {
            throw new AssertionError("I3 violated: deliveries still in flight after " + DRAIN_ROUNDS + " rounds");
        }
        checks.quiescent();
    }

    @Override
    public void close() {
        flare.close();
    }
}
