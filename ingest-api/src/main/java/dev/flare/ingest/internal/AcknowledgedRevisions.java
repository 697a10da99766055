package dev.flare.ingest.internal;

import dev.flare.model.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The newest revision of each recently written document that Kafka acknowledged through this instance, so that a
 * PUT of that revision or an older one can be answered without writing it: the topology would ignore it (spec I1,
 * I5), and what it would duplicate is already durable. Bounded; the least recently used documents are forgotten.
 * Each entry is tied to the resource definition it was read under, so a changed resource starts afresh.
 */
final class AcknowledgedRevisions {

    private record Key(String resourceId, String documentUrl) {}

    private record Known(Resource resource, long revision) {}

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Key, Known> known;

    AcknowledgedRevisions(int capacity) {
        this.capacity = capacity;
        this.known = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Known> eldest) {
                return size() > AcknowledgedRevisions.this.capacity;
            }
        };
    }

    /** Whether a revision at least as new as {@code revision} of this document was acknowledged under this resource. */
    boolean covers(Resource resource, String documentUrl, long revision) {
        if (capacity == 0) {
            return false;
        }
        lock.lock();
        try {
            Known entry = known.get(new Key(resource.id(), documentUrl));
            return entry != null && entry.resource().equals(resource) && entry.revision() >= revision;
        } finally {
            lock.unlock();
        }
    }

    /** Records that Kafka acknowledged {@code revision} of this document. */
    void acknowledged(Resource resource, String documentUrl, long revision) {
        if (capacity == 0) {
            return;
        }
        lock.lock();
        try {
            known.merge(
                    new Key(resource.id(), documentUrl),
                    new Known(resource, revision),
                    (old, now) -> old.resource().equals(resource) && old.revision() > revision ? old : now);
        } finally {
            lock.unlock();
        }
    }
}
