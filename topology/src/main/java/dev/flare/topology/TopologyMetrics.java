package dev.flare.topology;

import dev.flare.model.Action;
import dev.flare.model.DeliveryCommand;
import dev.flare.model.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The topology's Micrometer counters. Tags are bounded (reasons, actions, outcomes): never a document or a
 * subscription. Thread-safe: one instance is shared by every stream thread.
 *
 * <ul>
 *   <li>{@code flare.topology.changes.accepted}: document changes stored.
 *   <li>{@code flare.topology.changes.ignored{reason}}: changes that changed nothing.
 *   <li>{@code flare.topology.deliveries.emitted{action}}: deliveries handed to the connector.
 *   <li>{@code flare.topology.deliveries.deferred}: changes queued behind a delivery in flight.
 *   <li>{@code flare.topology.results.applied{outcome}}: delivery results applied.
 *   <li>{@code flare.topology.results.ignored{reason}}: stale, duplicate or unreadable results.
 *   <li>{@code flare.topology.commands{type,result}}: operators' commands, applied or ignored.
 * </ul>
 */
public final class TopologyMetrics {

    /** Why a document change changed nothing. */
    public enum ChangeIgnored {
        /** A PUT older than the document's version, or not newer than its tombstone. */
        STALE,
        /** A PUT of the version the document already has. */
        DUPLICATE,
        /** A DELETE of a document that is unknown or already deleted. */
        DELETE_OF_NOTHING,
        /** A record without a key or a value. */
        INVALID
    }

    /** Why a delivery result was not applied. */
    public enum ResultIgnored {
        /** A result for a position that is not in flight: late, duplicate or for a forgotten state. */
        STALE,
        /** A record without a key, a value or a subscription. */
        INVALID
    }

    private final MeterRegistry registry;
    private final Counter changesAccepted;
    private final Map<ChangeIgnored, Counter> changesIgnored = new EnumMap<>(ChangeIgnored.class);
    private final Map<Action, Counter> deliveriesEmitted = new EnumMap<>(Action.class);
    private final Counter deliveriesDeferred;
    private final Map<Outcome, Counter> resultsApplied = new EnumMap<>(Outcome.class);
    private final Map<ResultIgnored, Counter> resultsIgnored = new EnumMap<>(ResultIgnored.class);

    public TopologyMetrics(MeterRegistry registry) {
        this.registry = registry;
        changesAccepted = Counter.builder("flare.topology.changes.accepted")
                .description("Document changes stored")
                .register(registry);
        for (ChangeIgnored reason : ChangeIgnored.values()) {
            changesIgnored.put(
                    reason,
                    Counter.builder("flare.topology.changes.ignored")
                            .description("Document changes that changed nothing")
                            .tag("reason", tagValue(reason))
                            .register(registry));
        }
        for (Action action : Action.values()) {
            deliveriesEmitted.put(
                    action,
                    Counter.builder("flare.topology.deliveries.emitted")
                            .description("Deliveries handed to the connector")
                            .tag("action", action.wireName())
                            .register(registry));
        }
        deliveriesDeferred = Counter.builder("flare.topology.deliveries.deferred")
                .description("Document changes queued behind a delivery in flight")
                .register(registry);
        for (Outcome outcome : Outcome.values()) {
            resultsApplied.put(
                    outcome,
                    Counter.builder("flare.topology.results.applied")
                            .description("Delivery results applied")
                            .tag("outcome", outcome.wireName())
                            .register(registry));
        }
        for (ResultIgnored reason : ResultIgnored.values()) {
            resultsIgnored.put(
                    reason,
                    Counter.builder("flare.topology.results.ignored")
                            .description("Delivery results that changed nothing")
                            .tag("reason", tagValue(reason))
                            .register(registry));
        }
    }

    public void changeAccepted() {
        changesAccepted.increment();
    }

    public void changeIgnored(ChangeIgnored reason) {
        changesIgnored.get(reason).increment();
    }

    public void deliveryEmitted(Action action) {
        deliveriesEmitted.get(action).increment();
    }

    public void deliveryDeferred() {
        deliveriesDeferred.increment();
    }

    public void resultApplied(Outcome outcome) {
        resultsApplied.get(outcome).increment();
    }

    public void resultIgnored(ResultIgnored reason) {
        resultsIgnored.get(reason).increment();
    }

    /** An operator's command of {@code type}, applied or ignored because the state has moved on. */
    public void command(DeliveryCommand.Type type, boolean applied) {
        Counter.builder("flare.topology.commands")
                .description("Operators' delivery commands (re-drives)")
                .tag("type", type.wireName())
                .tag("result", applied ? "applied" : "ignored")
                .register(registry)
                .increment();
    }

    private static String tagValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
