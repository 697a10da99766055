package dev.flare.ingest.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The API's meters: {@code flare.ingest.http.requests} (a timer by route template, method and status class) and
 * {@code flare.ingest.documents.accepted} (by operation: put, delete, or put-known for a PUT answered without a write
 * because this instance had already written that version or a newer one).
 */
public final class HttpMetrics {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final Counter puts;
    private final Counter deletes;
    private final Counter knownPuts;
    private final Map<RequestKind, Timer> requestTimers = new ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.puts = accepted("put");
        this.deletes = accepted("delete");
        this.knownPuts = accepted("put-known");
    }

    public void request(String routeTemplate, String method, int status, long nanos) {
        RequestKind kind = new RequestKind(routeTemplate, METHODS.contains(method) ? method : "OTHER", status / 100);
        requestTimers.computeIfAbsent(kind, this::requestTimer).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** What the request timer is tagged with; route templates, methods and status classes are few. */
    private record RequestKind(String route, String method, int statusClass) {}

    private Timer requestTimer(RequestKind kind) {
        return Timer.builder("flare.ingest.http.requests")
                .description("HTTP requests served by the ingest API")
                .tag("route", kind.route())
                .tag("method", kind.method())
                .tag("status", kind.statusClass() + "xx")
                .register(registry);
    }

    public void documentPut() {
        puts.increment();
    }

    public void documentPutAlreadyKnown() {
        knownPuts.increment();
    }

    public void documentDelete() {
        deletes.increment();
    }

    private Counter accepted(String operation) {
        return Counter.builder("flare.ingest.documents.accepted")
                .description("Document puts and deletes answered 202")
                .tag("operation", operation)
                .register(registry);
    }
}
