package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.CommandProgress;
import dev.flare.model.DeliveryCommand;
import dev.flare.model.DeliveryStateLookup;
import dev.flare.model.Outcome;
import dev.flare.model.StateUnavailableException;
import dev.flare.model.Subscription;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.model.Topics;
import dev.flare.model.WebhookIds;
import dev.flare.model.json.Json;
import dev.flare.model.json.JsonSerde;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@code /resources/{id}/subscriptions/{sid}/…}: where one subscription stands, per document and in all, its dead
 * letters and their re-drive. Read from the topology's subscription-delivery state, so a dead letter that a newer
 * delivery has since replaced is no longer listed.
 */
public final class DeliveryStateHandlers {

    /** The most dead letters one re-drive request sends back; call again for the rest. */
    public static final int MAX_REDRIVE = 10_000;

    private static final Comparator<SubscriptionDeliveryState> OLDEST_FIRST = Comparator.comparing(
                    SubscriptionDeliveryState::updatedAt)
            .thenComparing(SubscriptionDeliveryState::documentUrl);

    private final Topics topics;
    private final SubscriptionHandlers subscriptions;
    private final DeliveryStateLookup states;
    private final KafkaWriter writer;
    private final Clock clock;
    private final Serializer<DeliveryCommand> commands =
            JsonSerde.of(DeliveryCommand.class).serializer();

    public DeliveryStateHandlers(
            Topics topics,
            SubscriptionHandlers subscriptions,
            DeliveryStateLookup states,
            KafkaWriter writer,
            Clock clock) {
        this.topics = topics;
        this.subscriptions = subscriptions;
        this.states = states;
        this.writer = writer;
        this.clock = clock;
    }

    /** {@code GET …/documents/{documentURL}}: delivered, in-flight and waiting versions and the last attempt. */
    public Response document(Request request) {
        Subscription subscription = subscriptions.subscription(request.param("id"), request.param("sid"));
        String url = DocumentHandlers.decodeDocumentUrl(request.tailWithQuery());
        SubscriptionDeliveryState state = read(() -> states.deliveryState(subscription.id(), url))
                .orElseThrow(() -> ProblemException.notFound(
                        "Subscription " + subscription.id() + " has not been sent anything of " + url + "."));
        return Response.json(200, state);
    }

    /** {@code GET …/status}: counts of documents by where their delivery stands, and the oldest pending one. */
    public Response status(Request request) {
        Subscription subscription = subscriptions.subscription(request.param("id"), request.param("sid"));
        Tally tally = new Tally();
        read(() -> {
            states.forEachDeliveryState(subscription.id(), tally);
            return tally;
        });
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("subscriptionId", subscription.id());
        body.put("state", subscription.paused() == null ? "active" : "paused");
        if (subscription.paused() != null) {
            body.set("paused", Json.mapper().valueToTree(subscription.paused()));
        }
        body.put("documents", tally.documents);
        body.put("delivered", tally.delivered);
        body.put("pending", tally.pending);
        body.put("retrying", tally.retrying);
        body.put("dead", tally.dead);
        body.put("discarded", tally.discarded);
        if (tally.oldestPending != null) {
            body.put("oldestPendingSince", tally.oldestPending.toString());
            body.put(
                    "oldestPendingSeconds",
                    Math.max(
                            0,
                            Duration.between(tally.oldestPending, clock.instant())
                                    .toSeconds()));
        }
        return Response.json(200, body);
    }

    /** {@code GET …/dead-letters?limit=&offset=}: the documents whose last delivery was dead-lettered, oldest first. */
    public Response deadLetters(Request request) {
        Subscription subscription = subscriptions.subscription(request.param("id"), request.param("sid"));
        Pagination pagination = Pagination.of(request);
        List<ObjectNode> letters =
                dead(subscription).stream().map(DeliveryStateHandlers::letter).toList();
        return Response.json(200, pagination.page("deadLetters", letters));
    }

    /**
     * {@code POST …/dead-letters/redrive}: asks the topology to send each dead-lettered document again. Each goes
     * through the version guard there, so one the subscriber has since received something newer of is not sent.
     */
    public Response redrive(Request request) {
        Subscription subscription = subscriptions.subscription(request.param("id"), request.param("sid"));
        List<SubscriptionDeliveryState> dead = dead(subscription);
        List<SubscriptionDeliveryState> batch = dead.subList(0, Math.min(MAX_REDRIVE, dead.size()));
        Instant now = clock.instant();
        Map<String, Optional<byte[]>> records = new LinkedHashMap<>();
        for (SubscriptionDeliveryState state : batch) {
            DeliveryCommand command = DeliveryCommand.redrive(state, now);
            records.put(state.documentUrl(), Optional.of(commands.serialize(topics.deliveryCommands(), command)));
        }
        writer.writeAll(topics.deliveryCommands(), records);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("redriven", batch.size());
        body.put("remaining", dead.size() - batch.size());
        return Response.json(202, body);
    }

    /**
     * {@code POST …/replay} with {@code {"from": RFC 3339 | null, "reset": bool}}: every topology task sends the
     * subscriber again what is newer than it has, for documents changed since {@code from} (null: all); with
     * {@code reset}, it forgets what the subscriber was sent first (that subscription only).
     */
    public Response replay(Request request) {
        Subscription subscription = subscriptions.subscription(request.param("id"), request.param("sid"));
        ObjectNode body =
                request.hasBody() ? request.jsonObject() : Json.mapper().createObjectNode();
        Fields fields = new Fields();
        Instant from = null;
        JsonNode fromNode = body.get("from");
        if (!Fields.absent(fromNode)) {
            try {
                from = fromNode.isTextual() ? Instant.parse(fromNode.textValue()) : null;
            } catch (DateTimeParseException e) {
                from = null;
            }
            if (from == null) {
                fields.add("from", "must be an RFC 3339 time like 2026-11-23T10:00:00Z, or null for everything");
            }
        }
        JsonNode resetNode = body.get("reset");
        if (!Fields.absent(resetNode) && !resetNode.isBoolean()) {
            fields.add("reset", "must be true or false");
        }
        fields.throwIfAny("The replay request is invalid.");
        boolean reset = !Fields.absent(resetNode) && resetNode.booleanValue();
        Instant at = clock.instant();
        int partitions = writer.writeToEveryPartition(
                topics.deliveryCommands(),
                commands.serialize(topics.deliveryCommands(), DeliveryCommand.replay(subscription, from, reset, at)));
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("subscriptionId", subscription.id());
        answer.put("at", at.toString());
        if (from != null) {
            answer.put("from", from.toString());
        } else {
            answer.putNull("from");
        }
        answer.put("reset", reset);
        answer.put("partitions", partitions);
        return Response.json(202, answer);
    }

    /**
     * {@code GET …/replay?at=}: how many partitions have gone through the replay (or backfill) made at {@code at}
     * (default: the latest one any partition reports), and how many documents they went through.
     */
    public Response replayProgress(Request request) {
        Subscription subscription = subscriptions.subscription(request.param("id"), request.param("sid"));
        Instant asked;
        try {
            asked = request.query("at").map(Instant::parse).orElse(null);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("at", "must be the RFC 3339 time a replay answered with");
        }
        List<CommandProgress> progress = read(() -> states.commandProgress(subscription.id()));
        Instant at = asked != null
                ? asked
                : progress.stream()
                        .map(CommandProgress::at)
                        .max(Comparator.naturalOrder())
                        .orElse(null);
        List<CommandProgress> done = progress.stream()
                .filter(p -> at != null && !p.at().isBefore(at))
                .toList();
        int partitions = writer.partitions(topics.deliveryCommands());
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("subscriptionId", subscription.id());
        if (at != null) {
            answer.put("at", at.toString());
        }
        answer.put("partitions", partitions);
        answer.put("done", done.size());
        answer.put(
                "documents", done.stream().mapToLong(CommandProgress::documents).sum());
        answer.put("complete", at != null && done.size() >= partitions);
        return Response.json(200, answer);
    }

    private List<SubscriptionDeliveryState> dead(Subscription subscription) {
        List<SubscriptionDeliveryState> dead = new ArrayList<>();
        read(() -> {
            states.forEachDeliveryState(subscription.id(), state -> {
                if (state.isDeadLettered()) {
                    dead.add(state);
                }
            });
            return dead;
        });
        dead.sort(OLDEST_FIRST);
        return dead;
    }

    private static ObjectNode letter(SubscriptionDeliveryState state) {
        ObjectNode letter = Json.mapper().createObjectNode();
        letter.put("documentUrl", state.documentUrl());
        letter.put("revision", state.settled().revision());
        letter.put("deleted", state.settled().deleted());
        letter.put("webhookId", WebhookIds.of(state.subscriptionId(), state.documentUrl(), state.settled()));
        letter.put("attempts", state.attempts());
        if (state.lastStatus() != null) {
            letter.put("lastStatus", state.lastStatus());
        }
        if (state.lastError() != null) {
            letter.put("lastError", state.lastError());
        }
        letter.put("deadAt", state.updatedAt().toString());
        return letter;
    }

    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (StateUnavailableException e) {
            throw ProblemException.unavailable("The delivery state is not readable right now; retry shortly.");
        }
    }

    private static final class Tally implements Consumer<SubscriptionDeliveryState> {
        private long documents;
        private long delivered;
        private long pending;
        private long retrying;
        private long dead;
        private long discarded;
        private Instant oldestPending;

        @Override
        public void accept(SubscriptionDeliveryState state) {
            documents++;
            if (state.inFlight() != null) {
                pending++;
                if (state.lastOutcome() == Outcome.RETRYING) {
                    retrying++;
                }
                Instant since = state.inFlightSince() != null ? state.inFlightSince() : state.updatedAt();
                if (oldestPending == null || since.isBefore(oldestPending)) {
                    oldestPending = since;
                }
            } else if (state.lastOutcome() == Outcome.DEAD_LETTERED) {
                dead++;
            } else if (state.lastOutcome() == Outcome.DISCARDED) {
                discarded++;
            } else if (state.lastOutcome() == Outcome.DELIVERED) {
                delivered++;
            }
        }
    }
}
