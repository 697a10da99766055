package dev.flare.ingest.internal;

import dev.flare.model.json.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics}. */
public final class OpsHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(OpsHandlers.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry registry;

    public OpsHandlers(BooleanSupplier ready, PrometheusMeterRegistry registry) {
        this.ready = ready;
        this.registry = registry;
    }

    public Response live(Request request) {
        return status(200, "up");
    }

    public Response ready(Request request) {
        boolean up;
        try {
            up = ready.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("Readiness check failed: {}", e.toString());
            up = false;
        }
        return up ? status(200, "up") : status(503, "down");
    }

    public Response metrics(Request request) {
        return Response.text(200, PROMETHEUS_TEXT, registry.scrape());
    }

    private static Response status(int code, String status) {
        return Response.json(code, Json.mapper().createObjectNode().put("status", status));
    }
}
