package dev.flare.ingest.internal;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes this instance's catalog changes, so a uniqueness check and the write it guards cannot interleave with
 * another request's (two resources of one shape, a subscription added while its resource is deleted).
 */
public final class CatalogWrites {

    private final ReentrantLock lock = new ReentrantLock();

    public <T> T locked(Supplier<T> change) {
        lock.lock();
        try {
            return change.get();
        } finally {
            lock.unlock();
        }
    }
}
