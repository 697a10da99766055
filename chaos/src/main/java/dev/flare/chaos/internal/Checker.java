package dev.flare.chaos.internal;

import dev.flare.chaos.internal.FlareApi.Placed;
import dev.flare.chaos.internal.Ledger.Expected;
import dev.flare.model.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every receiver's log against the ledger (spec §3). Per (subscription, document):
 * <ul>
 *   <li><b>out of order</b>: a callback older than one the receiver already got (I2);
 *   <li><b>lost</b>: the document's last accepted position neither kept by the receiver, nor answered with its
 *       discard status, nor dead-lettered (I3). A deleted document needs no callback when the subscriber does not
 *       knowingly hold a live version of it (I4);
 *   <li><b>duplicate</b>: a position the receiver already kept, sent again; explained when the first copy was
 *       answered after Flare's timeout, or when a fault's disturbance overlaps the time between the two copies.
 * </ul>
 */
public final class Checker {

    private final Map<String, Expected> expected;
    private final List<Disturbance> disturbances;

    public Checker(Ledger ledger, List<Disturbance> disturbances) {
        this.expected = ledger.expected();
        this.disturbances = List.copyOf(disturbances);
    }

    /** Checks what one subscription's receiver got (in arrival order), adding to the tally. */
    public void check(String subscription, List<Receipt> received, Set<Placed> deadLetters, Tally tally) {
        Map<String, List<Receipt>> byDocument = new HashMap<>();
        for (Receipt receipt : received) {
            byDocument
                    .computeIfAbsent(receipt.document(), d -> new ArrayList<>())
                    .add(receipt);
        }
        for (Map.Entry<String, Expected> entry : expected.entrySet()) {
            List<Receipt> receipts = byDocument.getOrDefault(entry.getKey(), List.of());
            String where = subscription + " " + entry.getKey();
            checkOrderAndDuplicates(where, receipts, tally);
            checkArrival(where, entry.getValue(), receipts, deadLetters.contains(placed(entry)), tally);
        }
    }

    private static Placed placed(Map.Entry<String, Expected> entry) {
        return new Placed(entry.getKey(), entry.getValue().position());
    }

    private void checkOrderAndDuplicates(String where, List<Receipt> receipts, Tally tally) {
        Position newest = null;
        Map<Position, Receipt> kept = new HashMap<>();
        for (Receipt receipt : receipts) {
            tally.callbacks++;
            if (newest != null && newest.isAfter(receipt.position())) {
                tally.outOfOrder++;
                tally.example("out of order: " + where + " got " + receipt.position() + " after " + newest);
            }
            newest = newest == null || receipt.position().isAfter(newest) ? receipt.position() : newest;
            Receipt first = kept.get(receipt.position());
            if (first != null) {
                countDuplicate(where, first, receipt, tally);
            } else if (receipt.answer().kept()) {
                kept.put(receipt.position(), receipt);
                tally.delivered++;
            } else if (receipt.answer() == Answer.DISCARDED) {
                tally.discarded++;
            }
        }
    }

    private void countDuplicate(String where, Receipt first, Receipt again, Tally tally) {
        if (first.answer() == Answer.ACCEPTED_LATE) {
            tally.duplicatesAfterAmbiguousAnswer++;
        } else if (disturbances.stream().anyMatch(d -> d.overlaps(first.atNanos(), again.atNanos()))) {
            tally.duplicatesAfterFault++;
        } else {
            tally.duplicatesUnexplained++;
            tally.unexplained(where + " " + again.position() + " again "
                    + Duration.ofNanos(again.atNanos() - first.atNanos()).toMillis() + " ms after " + first.answer());
        }
    }

    /**
     * Whether Flare knows the subscriber has a live version: its newest answered-in-time callback is not a delete.
     * Only then does a delete have to follow (I4); a subscriber that was sent a delete and missed a create and
     * delete after it has nothing to learn.
     */
    private static boolean knowinglyLive(List<Receipt> receipts) {
        return receipts.stream()
                .filter(r -> r.answer() == Answer.ACCEPTED)
                .map(Receipt::position)
                .max(Position::compareTo)
                .filter(newest -> !newest.deleted())
                .isPresent();
    }

    private static void checkArrival(
            String where, Expected expected, List<Receipt> receipts, boolean deadLettered, Tally tally) {
        Position last = expected.position();
        boolean arrived = receipts.stream()
                .anyMatch(r -> r.position().equals(last) && (r.answer().kept() || r.answer() == Answer.DISCARDED));
        if (arrived) {
            return;
        }
        if (deadLettered) {
            tally.deadLettered++;
            return;
        }
        if (last.deleted() && !knowinglyLive(receipts)) {
            return;
        }
        tally.lost++;
        tally.example("lost: " + where + " should end at " + last + ", got "
                + receipts.stream().map(r -> r.position() + "/" + r.answer()).toList());
    }
}
