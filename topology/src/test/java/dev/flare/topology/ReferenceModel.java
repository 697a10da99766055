package dev.flare.topology;

import dev.flare.model.Delivery;
import dev.flare.model.DeliveryResult;
import dev.flare.model.Outcome;
import dev.flare.model.Position;
import dev.flare.topology.TopologyStep.Doc;
import dev.flare.topology.TopologyStep.Sub;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the topology should know, computed the simple way: each document's position, which subscriptions exist, and
 * for each (subscription, document) what the subscriber has, what is in flight and what it is owed (spec §3).
 */
final class ReferenceModel {

    /** One subscription's copy of one document, as the outside world saw it happen. */
    static final class Copy {
        /** What the subscriber has: the last position delivered with a success, null when none. */
        Position has;
        /** The newest position whose delivery ended, in any outcome. */
        Position settled;

        Outcome lastOutcome;
        /** The delivery the connector is working on, as it would report it. */
        Delivery inFlight;

        Position lastEmitted;
        /** The newest position accepted while the subscription existed (or backfilled to it): it must get there. */
        Position owed;

        DeliveryResult lastResult;

        boolean hasLive() {
            return has != null && !has.deleted();
        }
    }

    private record Key(Sub sub, Doc doc) {}

    private final Map<Doc, Position> documents = new EnumMap<>(Doc.class);
    private final Set<Sub> live = EnumSet.noneOf(Sub.class);
    private final Set<Sub> created = EnumSet.noneOf(Sub.class);
    private final Set<Sub> backfilled = EnumSet.noneOf(Sub.class);
    private final Map<Key, Copy> copies = new HashMap<>();

    Position document(Doc doc) {
        return documents.get(doc);
    }

    Copy copy(Sub sub, Doc doc) {
        return copies.computeIfAbsent(new Key(sub, doc), k -> new Copy());
    }

    boolean isLive(Sub sub) {
        return live.contains(sub);
    }

    boolean wasCreated(Sub sub) {
        return created.contains(sub);
    }

    /**
     * Whether the topology may still send to a deleted subscription: one it backfilled stays reachable for a while
     * without the global store showing it ({@code DocumentChangeProcessor.BACKFILL_VISIBILITY}).
     */
    boolean mayStillReach(Sub sub) {
        return live.contains(sub) || backfilled.contains(sub);
    }

    /** Applies a PUT; whether it was accepted (spec §3 I1, I5). */
    boolean put(Doc doc, long version) {
        Position current = documents.get(doc);
        if (current != null && version <= current.revision()) {
            return false;
        }
        accept(doc, new Position(version, false));
        return true;
    }

    /** Applies a DELETE; whether there was a live document to delete. */
    boolean delete(Doc doc) {
        Position current = documents.get(doc);
        if (current == null || current.deleted()) {
            return false;
        }
        accept(doc, new Position(current.revision(), true));
        return true;
    }

    private void accept(Doc doc, Position position) {
        documents.put(doc, position);
        for (Sub sub : live) {
            if (sub.resourceId.equals(doc.resourceId)) {
                copy(sub, doc).owed = position;
            }
        }
    }

    void subscribe(Sub sub, boolean backfill) {
        created.add(sub);
        live.add(sub);
        if (!backfill) {
            return;
        }
        backfilled.add(sub);
        for (Doc doc : sub.documents()) {
            Position position = documents.get(doc);
            if (position != null && !position.deleted()) {
                copy(sub, doc).owed = position;
            }
        }
    }

    void unsubscribe(Sub sub) {
        live.remove(sub);
    }

    void emitted(Sub sub, Doc doc, Delivery delivery) {
        Copy copy = copy(sub, doc);
        copy.inFlight = delivery;
        copy.lastEmitted = delivery.position();
    }

    void answered(Sub sub, Doc doc, DeliveryResult result) {
        Copy copy = copy(sub, doc);
        copy.lastResult = result;
        if (result.outcome() == Outcome.RETRYING) {
            return;
        }
        copy.inFlight = null;
        copy.settled = result.position();
        copy.lastOutcome = result.outcome();
        if (result.outcome() == Outcome.DELIVERED) {
            copy.has = result.position();
        }
    }

    boolean anythingInFlight() {
        return copies.values().stream().anyMatch(c -> c.inFlight != null);
    }
}
