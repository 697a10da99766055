package dev.flare.connector.internal;

import dev.flare.model.CallTimeouts;
import dev.flare.model.DeadLetter;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.DeliveryResult;
import dev.flare.model.Durations;
import dev.flare.model.Outcome;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Makes one attempt of one delivery and says what to produce for it (spec §5): a result, a retry on the next tier,
 * or a dead letter and its result. Knows nothing of consumers, offsets or transactions.
 */
public final class DeliveryAttempt {

    /** Longest part of a response body or error kept as a delivery's last error. */
    public static final int MAX_ERROR_LENGTH = 256;

    /** Distinct per-subscription connect timeouts that get their own client; beyond, the default applies. */
    private static final int MAX_DERIVED_CLIENTS = 64;

    private static final Serializer<Delivery> DELIVERY =
            JsonSerde.of(Delivery.class).serializer();
    private static final Serializer<DeliveryResult> RESULT =
            JsonSerde.of(DeliveryResult.class).serializer();
    private static final Serializer<DeadLetter> DEAD_LETTER =
            JsonSerde.of(DeadLetter.class).serializer();

    private final Catalog catalog;
    private final OkHttpClient client;
    private final AddressGuard guard;
    private final CallbackRequests requests;
    private final RetrySchedule schedule;
    private final Topics topics;
    private final Clock clock;
    private final Duration missingSubscriptionGrace;
    private final Map<Duration, OkHttpClient> connectClients = new ConcurrentHashMap<>();

    /**
     * @param missingSubscriptionGrace how long to wait for a subscription the catalog does not know yet (it may
     *     lag the topology) before dropping the delivery
     */
    public DeliveryAttempt(
            Catalog catalog,
            OkHttpClient client,
            AddressGuard guard,
            CallbackRequests requests,
            RetrySchedule schedule,
            Topics topics,
            Clock clock,
            Duration missingSubscriptionGrace) {
        this.catalog = catalog;
        this.client = client;
        this.guard = guard;
        this.requests = requests;
        this.schedule = schedule;
        this.topics = topics;
        this.clock = clock;
        this.missingSubscriptionGrace = missingSubscriptionGrace;
    }

    /** Attempts {@code delivery} (read under {@code key}); never completes exceptionally. */
    public CompletableFuture<AttemptOutcome> attempt(byte[] key, Delivery delivery) {
        Delivery normalized = delivery.attempt() >= 1 ? delivery : firstAttempt(delivery);
        Optional<Subscription> subscription = catalog.subscription(normalized.subscriptionId());
        if (subscription.isPresent()) {
            return call(key, normalized, subscription.get());
        }
        if (missingSubscriptionGrace.isZero()) {
            return CompletableFuture.completedFuture(dropped(key, normalized));
        }
        return CompletableFuture.supplyAsync(
                        () -> catalog.subscription(normalized.subscriptionId()),
                        CompletableFuture.delayedExecutor(missingSubscriptionGrace.toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(later -> later.map(s -> call(key, normalized, s))
                        .orElseGet(() -> CompletableFuture.completedFuture(dropped(key, normalized))))
                .exceptionally(e -> permanent(key, normalized, "dead-lettered", "internal error: " + e));
    }

    /** What to do when an attempt failed inside Flare rather than at the subscriber: retry it like any failure. */
    public AttemptOutcome internalError(byte[] key, Delivery delivery, Throwable error) {
        Delivery normalized = delivery.attempt() >= 1 ? delivery : firstAttempt(delivery);
        RetryPolicy policy = catalog.subscription(normalized.subscriptionId())
                .map(s -> s.deliveryPolicy().retry())
                .orElse(null);
        return failed(key, normalized, policy, null, "internal error: " + error, null);
    }

    /**
     * A retry read before it is due, at the end of its tier's own delay (its delay was longer than the tier's):
     * moved unchanged to the tier that fits the rest of the wait, so it never holds up the records behind it.
     */
    public AttemptOutcome hop(byte[] key, Delivery delivery) {
        Duration rest = Duration.between(clock.instant(), delivery.dueAt());
        String topic = topics.retry(schedule.tierFor(rest));
        return new AttemptOutcome(
                "hopped", List.of(new ProducerRecord<>(topic, key, DELIVERY.serialize(topic, delivery))), null);
    }

    /** A record that is not a readable delivery: kept as is on the dead-letter topic with the reason. */
    public AttemptOutcome poison(byte[] key, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("flare-error", truncate(reason).getBytes(StandardCharsets.UTF_8));
        return new AttemptOutcome(
                "dead-lettered", List.of(new ProducerRecord<>(topics.deadLetters(), null, key, value, headers)), null);
    }

    private CompletableFuture<AttemptOutcome> call(byte[] key, Delivery delivery, Subscription subscription) {
        Request request;
        try {
            request = requests.build(delivery, subscription, wildcards(delivery));
            guard.checkHost(request.url().host());
        } catch (InvalidCallbackException e) {
            return CompletableFuture.completedFuture(permanent(key, delivery, "dead-lettered", e.getMessage()));
        } catch (BlockedAddressException e) {
            return CompletableFuture.completedFuture(permanent(key, delivery, "blocked", e.getMessage()));
        }
        DeliveryPolicy policy = subscription.deliveryPolicy();
        CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
        long started = System.nanoTime();
        Call call = clientFor(policy.timeouts()).newCall(request);
        if (policy.timeouts() != null && policy.timeouts().call() != null) {
            call.timeout().timeout(Durations.parse(policy.timeouts().call()).toMillis(), TimeUnit.MILLISECONDS);
        }
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                Duration latency = Duration.ofNanos(System.nanoTime() - started);
                try (response) {
                    outcome.complete(classify(key, delivery, policy, response).withLatency(latency));
                } catch (RuntimeException e) {
                    outcome.complete(
                            failed(key, delivery, policy.retry(), response.code(), "unreadable response: " + e, null));
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                Duration latency = Duration.ofNanos(System.nanoTime() - started);
                BlockedAddressException blocked = blockedCause(e);
                AttemptOutcome result = blocked != null
                        ? permanent(key, delivery, "blocked", blocked.getMessage())
                        : failed(key, delivery, policy.retry(), null, describe(e), null);
                outcome.complete(result.withLatency(latency));
            }
        });
        return outcome;
    }

    /** The shared client, or one deriving from it (same pool and dispatcher) with the subscription's connect timeout. */
    private OkHttpClient clientFor(CallTimeouts timeouts) {
        if (timeouts == null || timeouts.connect() == null) {
            return client;
        }
        Duration connect = Durations.parse(timeouts.connect());
        if (connectClients.size() >= MAX_DERIVED_CLIENTS && !connectClients.containsKey(connect)) {
            return client;
        }
        return connectClients.computeIfAbsent(
                connect, c -> client.newBuilder().connectTimeout(c).build());
    }

    private AttemptOutcome classify(byte[] key, Delivery delivery, DeliveryPolicy policy, Response response) {
        int status = response.code();
        if (policy.isSuccess(status)) {
            return new AttemptOutcome(
                    "delivered", List.of(result(key, delivery, Outcome.DELIVERED, status, null)), null);
        }
        if (policy.isDiscard(status)) {
            return new AttemptOutcome(
                    "discarded", List.of(result(key, delivery, Outcome.DISCARDED, status, null)), null);
        }
        Duration retryAfter = status == 429 || status == 503
                ? RetryAfter.parse(response.header("Retry-After"), clock.instant())
                : null;
        return failed(key, delivery, policy.retry(), status, "HTTP " + status + snippet(response), retryAfter);
    }

    /** A failed attempt: the next one on the retry tier that fits its delay, reported as retrying; or a dead letter. */
    AttemptOutcome failed(
            byte[] key, Delivery delivery, RetryPolicy policy, Integer status, String error, Duration retryAfter) {
        String lastError = truncate(error);
        Optional<RetrySchedule.Retry> retry = schedule.after(delivery.attempt(), policy, retryAfter);
        if (retry.isEmpty()) {
            return deadLetter(key, delivery, "dead-lettered", status, lastError);
        }
        Delivery next = delivery.nextAttempt(clock.instant().plus(retry.get().delay()), status, lastError);
        String topic = topics.retry(retry.get().tier());
        return new AttemptOutcome(
                "retried",
                List.of(
                        new ProducerRecord<>(topic, key, DELIVERY.serialize(topic, next)),
                        result(key, delivery, Outcome.RETRYING, status, lastError)),
                null);
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
                "dropped",
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
                1,
                d.dueAt(),
                d.lastStatus(),
                d.lastError());
    }
}
