package dev.flare.connector.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The connector's meters; tags are bounded (lane, outcome, reason), never a URL or a subscription id. */
public final class ConnectorMetrics {

    private final MeterRegistry registry;

    public ConnectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts what handling one record ended with: an attempt, a deferral or a hop. */
    public void attempted(String lane, AttemptOutcome outcome) {
        if (outcome.outcome().equals(AttemptOutcome.DEFERRED)) {
            Counter.builder("flare.deliveries.deferred")
                    .description("Deliveries put off to a retry tier without an attempt, by why (concurrency, rate,"
                            + " circuit, paused)")
                    .tags(Tags.of("lane", lane, "reason", outcome.reason() == null ? "unknown" : outcome.reason()))
                    .register(registry)
                    .increment();
            return;
        }
        if (outcome.outcome().equals(AttemptOutcome.HOPPED)) {
            Counter.builder("flare.retry.hops")
                    .description("Retries moved unchanged to the tier fitting their remaining wait")
                    .tags(Tags.of("lane", lane))
                    .register(registry)
                    .increment();
            return;
        }
        Counter.builder("flare.deliveries")
                .description("Delivery attempts by how they ended")
                .tags(Tags.of("lane", lane, "outcome", outcome.outcome()))
                .register(registry)
                .increment();
        if (outcome.deadLettered()) {
            Counter.builder("flare.dead.letters")
                    .description("Deliveries and unreadable records written to the dead-letter topic")
                    .tags(Tags.of("lane", lane))
                    .register(registry)
                    .increment();
        }
        if (outcome.latency() != null) {
            Timer.builder("flare.delivery.attempt")
                    .description("Latency of callbacks to subscribers")
                    .tags(Tags.of("lane", lane, "outcome", outcome.outcome()))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(outcome.latency());
        }
    }

    /** The gauge of a lane's deliveries in progress: read and not yet completed. */
    public AtomicInteger inFlight(String lane) {
        AtomicInteger value = new AtomicInteger();
        return registry.gauge("flare.deliveries.in.flight", Tags.of("lane", lane), value);
    }

    /** The gauge of the records on a lane's topic not yet read by this instance (sum of its partitions' lag). */
    public AtomicLong backlog(String lane) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("flare.deliveries.backlog", value, AtomicLong::get)
                .description("Records of the lane's topic (deliveries or one retry tier) this instance has not read"
                        + " yet, over its assigned partitions")
                .tags(Tags.of("lane", lane))
                .register(registry);
        return value;
    }

    /** The gauge of how long the oldest delivery a lane holds (due, its outcome not yet written) has waited, in ms. */
    public AtomicLong oldestPending(String lane) {
        AtomicLong millis = new AtomicLong();
        TimeGauge.builder("flare.deliveries.oldest.pending", millis, TimeUnit.MILLISECONDS, AtomicLong::get)
                .description("Age of the oldest delivery the lane holds read and its outcome not yet written, since it"
                        + " was written (main) or due (retry tiers)")
                .tags(Tags.of("lane", lane))
                .register(registry);
        return millis;
    }

    /** The gauge of subscriptions whose circuit is open or half-open. */
    public void openCircuits(SubscriptionGates gates) {
        Gauge.builder("flare.circuits.open", gates, SubscriptionGates::openCircuits)
                .description("Subscriptions whose circuit breaker is open or half-open")
                .strongReference(true)
                .register(registry);
    }

    public void callsWaitingForHost(CallClients clients) {
        Gauge.builder("flare.calls.waiting.for.host", clients, CallClients::waitingForHost)
                .description("Callbacks waiting because their host has as many running as one host may")
                .strongReference(true)
                .register(registry);
    }

    public Timer commit(String lane) {
        return Timer.builder("flare.connector.commit")
                .description("Kafka transactions committing delivery results with their offsets")
                .tags(Tags.of("lane", lane))
                .register(registry);
    }
}
