package dev.flare.connector.internal;

import dev.flare.model.DeadLetter;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.DeliveryResult;
import dev.flare.model.Outcome;
import dev.flare.model.Pause;
import dev.flare.model.RetryPolicy;
import dev.flare.model.Subscription;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.template.DocumentUrl;
import dev.flare.model.template.UrlTemplate;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Handles one delivery read by a lane and says what to produce for it (spec §5): the result of an attempt, its
 * retry on the tier fitting its wait (with a {@code retrying} result), a dead letter and its result; or, when the
 * subscription cannot be called now (paused, circuit open, over its concurrency or rate), the same delivery deferred
 * to a retry tier without an attempt. Knows nothing of consumers, offsets or transactions.
 */
public final class DeliveryAttempt {

    /** Longest part of a response body or error kept as a delivery's last error. */
    public static final int MAX_ERROR_LENGTH = 256;

    /** About how often deliveries of a paused subscription look again whether it was resumed. */
    static final Duration PAUSED_RECHECK = Duration.ofMinutes(1);

    /** The reason a 410 Gone pause records. */
    static final String GONE_REASON = "endpoint answered 410 Gone";

    private static final int GONE = 410;
    private static final Serializer<Delivery> DELIVERY =
            JsonSerde.of(Delivery.class).serializer();
    private static final Serializer<DeliveryResult> RESULT =
            JsonSerde.of(DeliveryResult.class).serializer();
    private static final Serializer<DeadLetter> DEAD_LETTER =
            JsonSerde.of(DeadLetter.class).serializer();
    private static final Serializer<Subscription> SUBSCRIPTION =
            JsonSerde.of(Subscription.class).serializer();

    private final Catalog catalog;
    private final CallClients clients;
    private final AddressGuard guard;
    private final CallbackRequests requests;
    private final RetrySchedule schedule;
    private final SubscriptionGates gates;
    private final Topics topics;
    private final Clock clock;
    private final Duration missingSubscriptionGrace;
    private final Duration pausedWait;

    /**
     * @param missingSubscriptionGrace how long to wait for a subscription the catalog does not know yet (it may
     *     lag the topology) before dropping the delivery
     */
    public DeliveryAttempt(
            Catalog catalog,
            CallClients clients,
            AddressGuard guard,
            CallbackRequests requests,
            RetrySchedule schedule,
            SubscriptionGates gates,
            Topics topics,
            Clock clock,
            Duration missingSubscriptionGrace) {
        this.catalog = catalog;
        this.clients = clients;
        this.guard = guard;
        this.requests = requests;
        this.schedule = schedule;
        this.gates = gates;
        this.topics = topics;
        this.clock = clock;
        this.missingSubscriptionGrace = missingSubscriptionGrace;
        this.pausedWait = schedule.tierDelay(schedule.tierNearest(PAUSED_RECHECK));
    }

    /** Attempts {@code delivery} (read under {@code key}) or defers it; never completes exceptionally. */
    public CompletableFuture<AttemptOutcome> attempt(byte[] key, Delivery delivery) {
        Delivery normalized = delivery.attempt() >= 1 ? delivery : firstAttempt(delivery);
        Optional<Subscription> subscription = catalog.subscription(normalized.subscriptionId());
        if (subscription.isPresent()) {
            return admit(key, normalized, subscription.get());
        }
        if (missingSubscriptionGrace.isZero()) {
            return CompletableFuture.completedFuture(dropped(key, normalized));
        }
        return CompletableFuture.supplyAsync(
                        () -> catalog.subscription(normalized.subscriptionId()),
                        CompletableFuture.delayedExecutor(missingSubscriptionGrace.toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(later -> later.map(s -> admit(key, normalized, s))
                        .orElseGet(() -> CompletableFuture.completedFuture(dropped(key, normalized))))
                .exceptionally(e -> permanent(key, normalized, AttemptOutcome.DEAD_LETTERED, "internal error: " + e));
    }

    /** What to do when an attempt failed inside Flare rather than at the subscriber: retry it like any failure. */
    public AttemptOutcome internalError(byte[] key, Delivery delivery, Throwable error) {
        Delivery normalized = delivery.attempt() >= 1 ? delivery : firstAttempt(delivery);
        RetryPolicy retry = catalog.subscription(normalized.subscriptionId())
                .map(s -> s.deliveryPolicy().retry())
                .orElse(null);
        return failed(key, normalized, retry, null, "internal error: " + error, null);
    }

    /** A record that is not a readable delivery: kept as is on the dead-letter topic with the reason. */
    public AttemptOutcome poison(byte[] key, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("flare-error", truncate(reason).getBytes(StandardCharsets.UTF_8));
        return new AttemptOutcome(
                AttemptOutcome.DEAD_LETTERED,
                List.of(new ProducerRecord<>(topics.deadLetters(), null, key, value, headers)),
                null);
    }

    /**
     * A retry read before it is due, moved unchanged to the tier fitting the {@code remaining} wait so that it
     * blocks nothing behind it on the tier it was on. Not an attempt.
     */
    public AttemptOutcome hop(byte[] key, byte[] value, Headers headers, Duration remaining) {
        String topic = topics.retry(schedule.tierFor(remaining));
        return new AttemptOutcome(
                AttemptOutcome.HOPPED, List.of(new ProducerRecord<>(topic, null, key, value, headers)), null);
    }

    private CompletableFuture<AttemptOutcome> admit(byte[] key, Delivery delivery, Subscription subscription) {
        if (gates.isPaused(subscription)) {
            return CompletableFuture.completedFuture(
                    deferred(key, delivery, SubscriptionGates.Reason.PAUSED, pausedWait));
        }
        CallClients.Timeouts timeouts =
                clients.timeouts(subscription.deliveryPolicy().timeouts());
        return proceed(key, delivery, subscription, timeouts, gates.admit(subscription, timeouts.call()));
    }

    private CompletableFuture<AttemptOutcome> proceed(
            byte[] key,
            Delivery delivery,
            Subscription subscription,
            CallClients.Timeouts timeouts,
            SubscriptionGates.Admission admission) {
        return switch (admission) {
            case SubscriptionGates.Go go -> call(key, delivery, subscription, timeouts, go.permit());
            case SubscriptionGates.Defer defer ->
                CompletableFuture.completedFuture(deferred(key, delivery, defer.reason(), defer.delay()));
            case SubscriptionGates.Queued queued ->
                queued.next().thenCompose(next -> proceed(key, delivery, subscription, timeouts, next));
        };
    }

    private CompletableFuture<AttemptOutcome> call(
            byte[] key,
            Delivery delivery,
            Subscription subscription,
            CallClients.Timeouts timeouts,
            SubscriptionGates.Permit permit) {
        Request request;
        try {
            request = requests.build(delivery, subscription, wildcards(delivery));
            guard.checkHost(request.url().host());
        } catch (InvalidCallbackException e) {
            permit.release(CircuitBreaker.Health.NONE);
            return CompletableFuture.completedFuture(
                    permanent(key, delivery, AttemptOutcome.DEAD_LETTERED, e.getMessage()));
        } catch (BlockedAddressException e) {
            permit.release(CircuitBreaker.Health.NONE);
            return CompletableFuture.completedFuture(permanent(key, delivery, AttemptOutcome.BLOCKED, e.getMessage()));
        } catch (RuntimeException e) {
            permit.release(CircuitBreaker.Health.NONE);
            throw e;
        }
        DeliveryPolicy policy = subscription.deliveryPolicy();
        CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
        long started = System.nanoTime();
        clients.enqueue(timeouts, request, new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                Duration latency = Duration.ofNanos(System.nanoTime() - started);
                int status = response.code();
                AttemptOutcome result;
                try (response) {
                    result = classify(key, delivery, subscription, response).withLatency(latency);
                } catch (RuntimeException e) {
                    result = failed(key, delivery, policy.retry(), status, "unreadable response: " + e, null);
                }
                permit.release(health(policy, status));
                outcome.complete(result);
            }

            @Override
            public void onFailure(Call call, IOException e) {
                Duration latency = Duration.ofNanos(System.nanoTime() - started);
                BlockedAddressException blocked = blockedCause(e);
                AttemptOutcome result = blocked != null
                        ? permanent(key, delivery, AttemptOutcome.BLOCKED, blocked.getMessage())
                        : failed(key, delivery, policy.retry(), null, describe(e), null);
                permit.release(blocked != null ? CircuitBreaker.Health.NONE : CircuitBreaker.Health.FAILURE);
                outcome.complete(result.withLatency(latency));
            }
        });
        return outcome;
    }

    private static CircuitBreaker.Health health(DeliveryPolicy policy, int status) {
        return policy.isSuccess(status) || policy.isDiscard(status) || status == GONE
                ? CircuitBreaker.Health.SUCCESS
                : CircuitBreaker.Health.FAILURE;
    }

    private AttemptOutcome classify(byte[] key, Delivery delivery, Subscription subscription, Response response) {
        DeliveryPolicy policy = subscription.deliveryPolicy();
        int status = response.code();
        if (policy.isSuccess(status)) {
            return new AttemptOutcome(
                    AttemptOutcome.DELIVERED, List.of(result(key, delivery, Outcome.DELIVERED, status, null)), null);
        }
        if (policy.isDiscard(status)) {
            return new AttemptOutcome(
                    AttemptOutcome.DISCARDED, List.of(result(key, delivery, Outcome.DISCARDED, status, null)), null);
        }
        if (status == GONE) {
            return gone(key, delivery, subscription);
        }
        Duration retryAfter = status == 429 || status == 503
                ? RetryAfter.parse(response.header("Retry-After"), clock.instant())
                : null;
        return failed(key, delivery, policy.retry(), status, "HTTP " + status + snippet(response), retryAfter);
    }

    /**
     * The endpoint is gone: pause the subscription (written to the subscriptions topic with the delivery's offset)
     * and defer the delivery until it is resumed. Nothing is lost and the attempt budget is kept.
     */
    private AttemptOutcome gone(byte[] key, Delivery delivery, Subscription subscription) {
        Instant now = clock.instant();
        gates.pause(subscription.id());
        Subscription paused = subscription.withPause(new Pause(GONE_REASON, GONE, now));
        String error = "HTTP 410: " + GONE_REASON + "; subscription paused until resumed";
        return new AttemptOutcome(
                AttemptOutcome.PAUSED,
                List.of(
                        new ProducerRecord<>(
                                topics.subscriptions(),
                                paused.key().getBytes(StandardCharsets.UTF_8),
                                SUBSCRIPTION.serialize(topics.subscriptions(), paused)),
                        deferral(key, delivery, pausedWait),
                        result(key, delivery, Outcome.RETRYING, GONE, error)),
                null);
    }

    AttemptOutcome failed(
            byte[] key, Delivery delivery, RetryPolicy retry, Integer status, String error, Duration retryAfter) {
        String lastError = truncate(error);
        int attempt = delivery.attempt();
        if (!schedule.retriesAfter(retry, attempt)) {
            return deadLetter(key, delivery, AttemptOutcome.DEAD_LETTERED, status, lastError);
        }
        RetrySchedule.Wait wait = schedule.next(retry, attempt, retryAfter);
        Delivery next = delivery.nextAttempt(clock.instant().plus(wait.delay()), status, lastError);
        String topic = topics.retry(wait.tier());
        return new AttemptOutcome(
                AttemptOutcome.RETRIED,
                List.of(
                        new ProducerRecord<>(topic, key, DELIVERY.serialize(topic, next)),
                        result(key, delivery, Outcome.RETRYING, status, lastError)),
                null);
    }

    private AttemptOutcome deferred(byte[] key, Delivery delivery, SubscriptionGates.Reason reason, Duration wait) {
        return new AttemptOutcome(
                AttemptOutcome.DEFERRED, List.of(deferral(key, delivery, wait)), null, reason.label());
    }

    /** The same delivery, same attempt, due after {@code wait} (spread a little) on the tier fitting it. */
    private ProducerRecord<byte[], byte[]> deferral(byte[] key, Delivery delivery, Duration wait) {
        Delivery later = dueAt(delivery, clock.instant().plus(schedule.spread(wait)));
        String topic = topics.retry(schedule.tierFor(wait));
        return new ProducerRecord<>(topic, key, DELIVERY.serialize(topic, later));
    }

    private AttemptOutcome permanent(byte[] key, Delivery delivery, String label, String error) {
        return deadLetter(key, delivery, label, null, truncate(error));
    }

    private AttemptOutcome deadLetter(byte[] key, Delivery delivery, String label, Integer status, String error) {
        Instant now = clock.instant();
        DeadLetter letter = new DeadLetter(delivery, delivery.attempt(), status, error, now);
        DeliveryResult result = DeliveryResult.of(delivery, Outcome.DEAD_LETTERED, status, error, now);
        return new AttemptOutcome(
                label,
                List.of(
                        new ProducerRecord<>(
                                topics.deadLetters(), key, DEAD_LETTER.serialize(topics.deadLetters(), letter)),
                        new ProducerRecord<>(
                                topics.deliveryResults(), key, RESULT.serialize(topics.deliveryResults(), result))),
                null);
    }

    private AttemptOutcome dropped(byte[] key, Delivery delivery) {
        return new AttemptOutcome(
                AttemptOutcome.DROPPED,
                List.of(result(key, delivery, Outcome.DROPPED, null, "subscription no longer exists")),
                null);
    }

    private ProducerRecord<byte[], byte[]> result(
            byte[] key, Delivery delivery, Outcome outcome, Integer status, String error) {
        DeliveryResult result = DeliveryResult.of(delivery, outcome, status, error, clock.instant());
        return new ProducerRecord<>(topics.deliveryResults(), key, RESULT.serialize(topics.deliveryResults(), result));
    }

    private Map<String, String> wildcards(Delivery delivery) {
        Optional<UrlTemplate> template = catalog.template(delivery.resourceId());
        if (template.isEmpty()) {
            return Map.of();
        }
        try {
            return template.get()
                    .match(DocumentUrl.parse(delivery.documentUrl()))
                    .orElse(Map.of());
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static String snippet(Response response) {
        try {
            String body = response.peekBody(MAX_ERROR_LENGTH).string().strip();
            return body.isEmpty() ? "" : ": " + body;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String describe(IOException e) {
        String kind =
                e instanceof InterruptedIOException ? "timeout" : e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    private static BlockedAddressException blockedCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlockedAddressException blocked) {
                return blocked;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof BlockedAddressException blocked) {
                    return blocked;
                }
            }
        }
        return null;
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static Delivery firstAttempt(Delivery d) {
        return copy(d, 1, d.dueAt());
    }

    private static Delivery dueAt(Delivery d, Instant due) {
        return copy(d, d.attempt(), due);
    }

    private static Delivery copy(Delivery d, int attempt, Instant due) {
        return new Delivery(
                d.subscriptionId(),
                d.resourceId(),
                d.documentUrl(),
                d.action(),
                d.revision(),
                d.previousRevision(),
                d.dateVersion(),
                d.document(),
                d.updatedAt(),
                attempt,
                due,
                d.lastStatus(),
                d.lastError());
    }
}
