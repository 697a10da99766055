package dev.flare.connector.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** The connector's meters; tags are bounded (lane, outcome, reason), never a URL or a subscription id. */
public final class ConnectorMetrics {

    private final MeterRegistry registry;
    private final Map<MeterKey, Counter> attemptCounters = new ConcurrentHashMap<>();
    private final Map<MeterKey, Timer> attemptTimers = new ConcurrentHashMap<>();

    public ConnectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts what handling one record ended with: an attempt, a deferral or a hop. */
    public void attempted(String lane, AttemptOutcome outcome) {
        if (outcome.outcome().equals(AttemptOutcome.DEFERRED)) {
            String reason = outcome.reason() == null ? "unknown" : outcome.reason();
            counter(
                            new MeterKey("flare.deliveries.deferred", lane, reason),
                            key -> Counter.builder(key.name())
                                    .description(
                                            "Deliveries put off to a retry tier without an attempt, by why (concurrency,"
                                                    + " rate, circuit, paused)")
                                    .tags(Tags.of("lane", key.lane(), "reason", key.detail())))
                    .increment();
            return;
        }
        if (outcome.outcome().equals(AttemptOutcome.HOPPED)) {
            counter(
                            new MeterKey("flare.retry.hops", lane, ""),
                            key -> Counter.builder(key.name())
                                    .description("Retries moved unchanged to the tier fitting their remaining wait")
                                    .tags(Tags.of("lane", key.lane())))
                    .increment();
            return;
        }
        counter(
                        new MeterKey("flare.deliveries", lane, outcome.outcome()),
                        key -> Counter.builder(key.name())
                                .description("Delivery attempts by how they ended")
                                .tags(Tags.of("lane", key.lane(), "outcome", key.detail())))
                .increment();
        if (outcome.deadLettered()) {
            counter(
                            new MeterKey("flare.dead.letters", lane, ""),
                            key -> Counter.builder(key.name())
                                    .description("Deliveries and unreadable records written to the dead-letter topic")
                                    .tags(Tags.of("lane", key.lane())))
                    .increment();
        }
        if (outcome.latency() != null) {
            attemptTimers
                    .computeIfAbsent(
                            new MeterKey("flare.delivery.attempt", lane, outcome.outcome()),
                            key -> Timer.builder(key.name())
                                    .description("Latency of callbacks to subscribers")
                                    .tags(Tags.of("lane", key.lane(), "outcome", key.detail()))
                                    .publishPercentileHistogram()
                                    .register(registry))
                    .record(outcome.latency());
        }
    }

    /**
     * One meter of {@link #attempted}: its name, lane and outcome or reason (empty when it has none). The meters are
     * kept, not looked up in the registry per record: a lookup builds and filters a meter id each time.
     */
    private record MeterKey(String name, String lane, String detail) {}

    private Counter counter(MeterKey key, Function<MeterKey, Counter.Builder> builder) {
        return attemptCounters.computeIfAbsent(key, k -> builder.apply(k).register(registry));
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
