package dev.flare.connector.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/** The connector's meters; tags are bounded (lane, outcome), never a URL or a subscription id. */
public final class ConnectorMetrics {

    private final MeterRegistry registry;

    public ConnectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void attempted(String lane, AttemptOutcome outcome) {
        Counter.builder("flare.deliveries")
                .description("Delivery attempts by how they ended")
                .tags(Tags.of("lane", lane, "outcome", outcome.outcome()))
                .register(registry)
                .increment();
        if (outcome.latency() != null) {
            Timer.builder("flare.delivery.attempt")
                    .description("Latency of callbacks to subscribers")
                    .tags(Tags.of("lane", lane, "outcome", outcome.outcome()))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(outcome.latency());
        }
    }

    /** The gauge of a lane's deliveries read and not yet committed. */
    public AtomicInteger inFlight(String lane) {
        AtomicInteger value = new AtomicInteger();
        return registry.gauge("flare.deliveries.in.flight", Tags.of("lane", lane), value);
    }

    public Timer commit(String lane) {
        return Timer.builder("flare.connector.commit")
                .description("Kafka transactions committing delivery results with their offsets")
                .tags(Tags.of("lane", lane))
                .register(registry);
    }
}
