package dev.flare.ingest.internal;

import dev.flare.model.Resource;
import dev.flare.model.version.VersionReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link VersionReader} per resource, made on first use. */
public final class VersionReaders {

    private final Map<String, VersionReader> readers = new ConcurrentHashMap<>();

    public VersionReader of(Resource resource) {
        return readers.computeIfAbsent(resource.id(), id -> VersionReader.forSpec(resource.change()));
    }

    public void forget(String resourceId) {
        readers.remove(resourceId);
    }
}
