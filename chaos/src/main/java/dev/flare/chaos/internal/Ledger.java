package dev.flare.chaos.internal;

import dev.flare.model.Position;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Flare accepted (answered 202 to), per document, and the position each document must end at by spec §3
 * I1 and I5: a PUT counts only when newer than the current position, a DELETE only when the document is live.
 */
public final class Ledger {

    private final Map<String, Expected> documents = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final List<String> rejections = new CopyOnWriteArrayList<>();

    /** Where a document must end. */
    public record Expected(Position position) {}

    public void acceptedPut(String document, long version) {
        requests.incrementAndGet();
        documents.compute(document, (url, current) -> {
            Position next = new Position(version, false);
            if (current != null && !next.isAfter(current.position())) {
                ignored.incrementAndGet();
                return current;
            }
            changes.incrementAndGet();
            return new Expected(next);
        });
    }

    public void acceptedDelete(String document) {
        requests.incrementAndGet();
        documents.compute(document, (url, current) -> {
            if (current == null || current.position().deleted()) {
                ignored.incrementAndGet();
                return current;
            }
            changes.incrementAndGet();
            return new Expected(new Position(current.position().revision(), true));
        });
    }

    /** A request answered with a 4xx: Flare refused something the load generator thinks is valid. */
    public void rejected(String request, int status, String answer) {
        if (rejected.incrementAndGet() <= 5) {
            rejections.add("rejected: " + request + " answered " + status + " " + answer);
        }
    }

    /** The first few rejected requests, with Flare's answers. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    public Map<String, Expected> expected() {
        return Map.copyOf(documents);
    }

    public long requests() {
        return requests.get();
    }

    public long changes() {
        return changes.get();
    }

    public long ignored() {
        return ignored.get();
    }

    public long rejectedRequests() {
        return rejected.get();
    }
}
