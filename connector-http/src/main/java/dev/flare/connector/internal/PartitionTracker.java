package dev.flare.connector.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offsets of one assigned partition handed out for delivery, in order, each with its completion. Only the
 * longest contiguous prefix of completed offsets may be committed; a completion that arrives after the partition
 * was forgotten (revoked, lost, fenced) carries an old epoch and is ignored. Thread-safe.
 *
 * @param <T> what a completed offset produces
 */
public final class PartitionTracker<T> {

    /** A handed-out offset, valid only in the epoch it was handed out in. */
    public record Ticket(long epoch, long offset) {}

    /** The completed prefix: the values in offset order and the next offset to commit. */
    public record Prefix<T>(List<T> values, long nextOffset) {}

    private static final class Slot<T> {
        private final long offset;
        private final long since;
        private T value;
        private boolean done;

        Slot(long offset, long since) {
            this.offset = offset;
            this.since = since;
        }
    }

    private final ArrayDeque<Slot<T>> slots = new ArrayDeque<>();
    private final Map<Long, Slot<T>> byOffset = new HashMap<>();
    private long epoch;
    private int pending;

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
        slots.addLast(slot);
        byOffset.put(offset, slot);
        pending++;
        return new Ticket(epoch, offset);
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

    /** The completed offsets at the head with nothing incomplete before them; null when there are none. */
    public synchronized Prefix<T> completedPrefix() {
        List<T> values = new ArrayList<>();
        long next = -1;
        for (Slot<T> slot : slots) {
            if (!slot.done) {
                break;
            }
            values.add(slot.value);
            next = slot.offset + 1;
        }
        return values.isEmpty() ? null : new Prefix<>(values, next);
    }

    /** Drops every offset before {@code nextOffset}: they are committed. */
    public synchronized void committed(long nextOffset) {
        while (!slots.isEmpty() && slots.peekFirst().offset < nextOffset) {
            Slot<T> slot = slots.removeFirst();
            byOffset.remove(slot.offset);
            if (!slot.done) {
                pending--;
            }
        }
    }

    /** The earliest "since" of the offsets handed out and not yet committed; {@code Long.MAX_VALUE} when none. */
    public synchronized long oldestSince() {
        long oldest = Long.MAX_VALUE;
        for (Slot<T> slot : slots) {
            oldest = Math.min(oldest, slot.since);
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
        pending = 0;
    }
}
