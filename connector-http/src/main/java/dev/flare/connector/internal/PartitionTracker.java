package dev.flare.connector.internal;

import dev.flare.connector.internal.CompletedOffsets.Range;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offsets of one assigned partition handed out for delivery, in order, each with its completion. A commit writes
 * every completion not yet written, also those after an incomplete offset: the committed offset stays before the
 * first incomplete one and the metadata lists the completed ones past it ({@link CompletedOffsets}), so a slow
 * delivery holds back neither the others' outcomes nor, after a restart, causes them to be called again. A
 * completion that arrives after the partition was forgotten (revoked, lost, fenced) carries an old epoch and is
 * ignored. Thread-safe.
 *
 * @param <T> what a completed offset produces
 */
public final class PartitionTracker<T> {

    /** A handed-out offset, valid only in the epoch it was handed out in. */
    public record Ticket(long epoch, long offset) {}

    /**
     * What to commit: the outcomes not yet written (in offset order), the offset to commit and its metadata.
     * Pass it to {@link #written} once committed.
     */
    public record Commit<T>(List<T> values, long nextOffset, String metadata, List<Long> offsets) {}

    private static final class Slot<T> {
        private final long offset;
        private final long since;
        private T value;
        private boolean done;
        private boolean written;

        Slot(long offset, long since) {
            this.offset = offset;
            this.since = since;
        }
    }

    private final ArrayDeque<Slot<T>> slots = new ArrayDeque<>();
    private final Map<Long, Slot<T>> byOffset = new HashMap<>();
    private final ArrayDeque<Range> completedUnread = new ArrayDeque<>();
    private long epoch;
    private int pending;
    private long committedOffset = -1;
    private boolean resumed;

    /**
     * Resumes from the committed offset and the offsets its metadata lists as completed: those are handed out
     * already completed, with nothing to write, and kept in every later commit's metadata until committed.
     */
    public synchronized void resume(long offset, List<Range> completed) {
        resumed = true;
        committedOffset = offset;
        completedUnread.clear();
        completedUnread.addAll(completed);
    }

    /** Whether {@link #resume} has been called since this tracker was created or forgotten. */
    public synchronized boolean resumed() {
        return resumed;
    }

    /** Hands out {@code offset}; null when it is not after every offset already handed out. */
    public Ticket track(long offset) {
        return track(offset, Long.MAX_VALUE);
    }

    /**
     * Hands out {@code offset}, pending since {@code sinceMillis} (epoch milliseconds); null when it is not after
     * every offset already handed out.
     */
    public synchronized Ticket track(long offset, long sinceMillis) {
        Slot<T> last = slots.peekLast();
        if (last != null && offset <= last.offset) {
            return null;
        }
        Slot<T> slot = new Slot<>(offset, sinceMillis);
        slot.done = completedBefore(offset);
        slot.written = slot.done;
        slots.addLast(slot);
        byOffset.put(offset, slot);
        if (!slot.done) {
            pending++;
        }
        return new Ticket(epoch, offset);
    }

    /** Whether the committed metadata this tracker resumed from lists {@code offset} as completed. */
    public synchronized boolean listedCompleted(long offset) {
        for (Range range : completedUnread) {
            if (offset < range.start()) {
                return false;
            }
            if (offset < range.end()) {
                return true;
            }
        }
        return false;
    }

    private boolean completedBefore(long offset) {
        while (!completedUnread.isEmpty() && completedUnread.peekFirst().end() <= offset) {
            completedUnread.removeFirst();
        }
        Range first = completedUnread.peekFirst();
        if (first == null || offset < first.start()) {
            return false;
        }
        completedUnread.removeFirst();
        if (offset + 1 < first.end()) {
            completedUnread.addFirst(new Range(offset + 1, first.end()));
        }
        return true;
    }

    /** Records the completion of a ticket; false (and nothing done) when the ticket is stale or completed. */
    public synchronized boolean complete(Ticket ticket, T value) {
        if (ticket.epoch() != epoch) {
            return false;
        }
        Slot<T> slot = byOffset.get(ticket.offset());
        if (slot == null || slot.done) {
            return false;
        }
        slot.value = value;
        slot.done = true;
        pending--;
        return true;
    }

    /**
     * What to commit now; null when nothing changed since the last commit. Completed offsets past the first
     * incomplete one are included as far as the metadata fits in {@code maxChars}; offsets listed completed in
     * the resumed metadata and not read yet are always kept in it, so a second restart skips them too.
     */
    public synchronized Commit<T> toCommit(int maxChars) {
        if (slots.isEmpty()) {
            return null;
        }
        long next = prefixEnd();
        Listing listing = listing(next, maxChars);
        if (listing == null) {
            return null;
        }
        List<T> values = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (Slot<T> slot : slots) {
            if (slot.offset > listing.through()) {
                break;
            }
            if (slot.done && !slot.written) {
                values.add(slot.value);
                offsets.add(slot.offset);
            }
        }
        if (values.isEmpty() && (committedOffset < 0 || next <= committedOffset)) {
            return null;
        }
        return new Commit<>(values, next, listing.metadata(), offsets);
    }

    /** The metadata to commit with {@code next}, and the last offset whose outcome may be written with it. */
    private record Listing(String metadata, long through) {}

    /** The offset after the completed ones at the head (the head's when it is incomplete). */
    private long prefixEnd() {
        long next = slots.peekFirst().offset;
        for (Slot<T> slot : slots) {
            if (!slot.done) {
                break;
            }
            next = slot.offset + 1;
        }
        return next;
    }

    private Listing listing(long next, int maxChars) {
        List<Range> past = completedPast(next);
        List<Range> listed = new ArrayList<>(past);
        listed.addAll(completedUnread);
        CompletedOffsets.Encoded encoded = CompletedOffsets.encode(next, listed, maxChars);
        if (encoded.ranges() == listed.size()) {
            return new Listing(encoded.metadata(), Long.MAX_VALUE);
        }
        if (completedUnread.isEmpty()) {
            long through = encoded.ranges() == 0
                    ? next - 1
                    : past.get(encoded.ranges() - 1).end() - 1;
            return new Listing(encoded.metadata(), through);
        }
        encoded = CompletedOffsets.encode(next, List.copyOf(completedUnread), maxChars);
        // Note: they always fit (they did counted from an earlier offset); committing without them would forget them.
        return encoded.ranges() < completedUnread.size() ? null : new Listing(encoded.metadata(), next - 1);
    }

    /** The completed offsets from {@code next} on, as ranges of consecutive offsets. */
    private List<Range> completedPast(long next) {
        List<Range> past = new ArrayList<>();
        for (Slot<T> slot : slots) {
            if (slot.offset < next || !slot.done) {
                continue;
            }
            Range previous = past.isEmpty() ? null : past.get(past.size() - 1);
            if (previous != null && previous.end() == slot.offset) {
                past.set(past.size() - 1, new Range(previous.start(), slot.offset + 1));
            } else {
                past.add(new Range(slot.offset, slot.offset + 1));
            }
        }
        return past;
    }

    /** Records that {@code commit} was committed: its outcomes are written and the offsets before it dropped. */
    public synchronized void written(Commit<T> commit) {
        for (long offset : commit.offsets()) {
            Slot<T> slot = byOffset.get(offset);
            if (slot != null) {
                slot.written = true;
                slot.value = null;
            }
        }
        committedOffset = Math.max(committedOffset, commit.nextOffset());
        while (!slots.isEmpty() && slots.peekFirst().offset < commit.nextOffset()) {
            Slot<T> slot = slots.removeFirst();
            byOffset.remove(slot.offset);
            if (!slot.done) {
                pending--;
            }
        }
    }

    /** The earliest "since" of the offsets handed out whose outcome is not written yet; {@code Long.MAX_VALUE} when none. */
    public synchronized long oldestSince() {
        long oldest = Long.MAX_VALUE;
        for (Slot<T> slot : slots) {
            if (!slot.written) {
                oldest = Math.min(oldest, slot.since);
            }
        }
        return oldest;
    }

    /** Offsets handed out and not yet completed. */
    public synchronized int pending() {
        return pending;
    }

    /** Offsets handed out and not yet committed. */
    public synchronized int size() {
        return slots.size();
    }

    /** Forgets every offset; completions of tickets handed out before now are ignored. */
    public synchronized void forget() {
        epoch++;
        slots.clear();
        byOffset.clear();
        completedUnread.clear();
        pending = 0;
        committedOffset = -1;
        resumed = false;
    }
}
