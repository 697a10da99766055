package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.connector.RequestSigner;
import dev.flare.connector.StandardWebhooksSigner;
import dev.flare.model.Action;
import dev.flare.model.CallTimeouts;
import dev.flare.model.ChangeSpec;
import dev.flare.model.ContentOptions;
import dev.flare.model.DeadLetter;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.DeliveryResult;
import dev.flare.model.Endpoint;
import dev.flare.model.EndpointOverride;
import dev.flare.model.Outcome;
import dev.flare.model.Pause;
import dev.flare.model.Resource;
import dev.flare.model.RetryPolicy;
import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.Json;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.json.RawJson;
import dev.flare.model.net.CidrRange;
import dev.flare.model.secret.SecretBox;
import dev.flare.model.secret.WebhookSecrets;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryAttemptTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final String DOCUMENT_URL = "http://api.example.com/users/42";
    private static final byte[] KEY = DOCUMENT_URL.getBytes(StandardCharsets.UTF_8);
    private static final Topics TOPICS = new Topics("t");
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(500);
    private static final String SECRET_HEADER_VALUE = "s3cr3t-header-value";

    private final MockWebServer server = new MockWebServer();
    private final Catalog catalog = new Catalog();
    private final AddressGuard guard =
            new AddressGuard(List.of(CidrRange.parse("127.0.0.0/8"), CidrRange.parse("::1/128")));
    private final OkHttpClient client = HttpClients.create(guard, Duration.ofSeconds(1), CALL_TIMEOUT, 16, 16);
    private DeliveryAttempt attempts;

    @BeforeEach
    void setUp() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        catalog.putResource(new Resource("r1", "http://api.example.com/users/{id}", new ChangeSpec("v", null), NOW));
        attempts = attempts(new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)), 0.0));
    }

    @AfterEach
    void tearDown() {
        HttpClients.shutdown(client);
        server.close();
    }

    @Test
    void shouldSendEnvelopeWhenCreate() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(ok());

        run(delivery(Action.CREATE, 3, 2L));

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getBody().utf8())
                .isEqualTo("{\"id\":\"http://api.example.com/users/42\",\"action\":\"create\",\"revision\":3,"
                        + "\"updatedAt\":\"2024-05-01T09:00:00Z\",\"document\":{\"name\":\"Ada\",\"v\":3}}");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void shouldSendPreviousRevisionWhenUpdate() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(ok());

        run(delivery(Action.UPDATE, 3, 2L));

        assertThat(take().getBody().utf8())
                .isEqualTo("{\"id\":\"http://api.example.com/users/42\",\"action\":\"update\",\"revision\":3,"
                        + "\"previousRevision\":2,\"updatedAt\":\"2024-05-01T09:00:00Z\","
                        + "\"document\":{\"name\":\"Ada\",\"v\":3}}");
    }

    @Test
    void shouldLeaveDocumentOutWhenDelete() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(ok());

        run(delivery(Action.DELETE, 3, 3L));

        assertThat(take().getBody().utf8())
                .isEqualTo("{\"id\":\"http://api.example.com/users/42\",\"action\":\"delete\",\"revision\":3,"
                        + "\"previousRevision\":3,\"updatedAt\":\"2024-05-01T09:00:00Z\"}");
    }

    @Test
    void shouldSendDocumentItselfWhenNoEnvelope() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), new ContentOptions(false, true), null);
        server.enqueue(ok());

        run(delivery(Action.UPDATE, 3, 2L));

        assertThat(take().getBody().utf8()).isEqualTo("{\"name\":\"Ada\",\"v\":3}");
    }

    @Test
    void shouldSendEmptyBodyWhenNoEnvelopeAndDelete() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), new ContentOptions(false, true), null);
        server.enqueue(ok());

        run(delivery(Action.DELETE, 3, 3L));

        RecordedRequest request = take();
        assertThat(request.getBodySize()).isZero();
        assertThat(request.getHeaders().get("Content-Type")).isNull();
    }

    @Test
    void shouldUseActionOverrideWhenDelete() throws Exception {
        Map<Action, EndpointOverride> actions =
                Map.of(Action.DELETE, new EndpointOverride(hookUrl("/gone/{id}"), "delete", null));
        subscribe(new Endpoint(hookUrl("/hook"), "put", null, actions), null, null);
        server.enqueue(ok());

        run(delivery(Action.DELETE, 3, 3L));

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/gone/42");
    }

    @Test
    void shouldInterpolateWildcardsWhenInUrlAndData() throws Exception {
        catalog.putResource(
                new Resource("r2", "http://api.example.com/{tenant}/users/{id}", new ChangeSpec("v", null), NOW));
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("service", "user");
        data.put("id", "{id}");
        data.putObject("nested").putArray("list").add("{tenant}-{id}").add("{unknown}");
        catalog.putSubscription(new Subscription(
                "s1", "r2", new Endpoint(hookUrl("/t/{tenant}/u/{id}"), null, null, null), null, null, data, NOW));
        server.enqueue(ok());

        run(new Delivery(
                "s1",
                "r2",
                "http://api.example.com/acme%20co/users/7",
                Action.CREATE,
                1,
                null,
                false,
                document(),
                NOW,
                1,
                null,
                null,
                null));

        RecordedRequest request = take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/t/acme%20co/u/7");
        JsonNode body = Json.mapper().readTree(request.getBody().utf8());
        assertThat(body.get("data").toString())
                .isEqualTo("{\"service\":\"user\",\"id\":\"7\",\"nested\":{\"list\":[\"acme co-7\",\"{unknown}\"]}}");
    }

    @Test
    void shouldSendSubscriptionAndWebhookHeadersWhenCalling() throws Exception {
        Map<String, List<String>> headers = Map.of("Authorization", List.of("Basic abc"), "X-Multi", List.of("a", "b"));
        subscribe(new Endpoint(hookUrl("/hook"), null, headers, null), null, null);
        server.enqueue(ok());
        Delivery delivery = delivery(Action.CREATE, 3, null);

        run(delivery);

        RecordedRequest request = take();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic abc");
        assertThat(request.getHeaders().values("X-Multi")).containsExactly("a", "b");
        assertThat(request.getHeaders().get("User-Agent")).isEqualTo("Flare/test");
        assertThat(request.getHeaders().get("webhook-id")).isEqualTo(delivery.webhookId());
        assertThat(request.getHeaders().get("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
    }

    @Test
    void shouldSendFlaresOwnValuesWhenAStoredSubscriptionCarriesHeadersFlareSets() throws Exception {
        Map<String, List<String>> headers = Map.of(
                "Content-Type", List.of("text/plain"),
                "User-Agent", List.of("forged"),
                "webhook-id", List.of("forged"),
                "webhook-timestamp", List.of("0"));
        subscribe(new Endpoint(hookUrl("/hook"), null, headers, null), null, null);
        server.enqueue(ok());
        Delivery delivery = delivery(Action.CREATE, 3, null);

        run(delivery);

        RecordedRequest request = take();
        assertThat(request.getHeaders().values("Content-Type")).containsExactly("application/json");
        assertThat(request.getHeaders().values("User-Agent")).containsExactly("Flare/test");
        assertThat(request.getHeaders().values("webhook-id")).containsExactly(delivery.webhookId());
        assertThat(request.getHeaders().values("webhook-timestamp"))
                .containsExactly(Long.toString(NOW.getEpochSecond()));
    }

    @Test
    void shouldSendTheOpenedSecretHeaderWithEveryActionWhenAnOverrideReplacesThePlainHeaders() throws Exception {
        SecretBox box = SecretBox.fromBase64Key(SecretBox.newBase64Key());
        attempts = attempts(new RetrySchedule(List.of(Duration.ofSeconds(5)), 0.0), Optional.of(box));
        Map<Action, EndpointOverride> actions =
                Map.of(Action.DELETE, new EndpointOverride(null, null, Map.of("X-Delete", List.of("d"))));
        Endpoint endpoint = new Endpoint(hookUrl("/hook"), null, Map.of("X-Plain", List.of("p")), actions)
                .withSealedHeaders(Map.of("Authorization", box.seal("Bearer " + SECRET_HEADER_VALUE)));
        subscribe(endpoint, null, null);
        server.enqueue(ok());
        server.enqueue(ok());

        AttemptOutcome created = run(delivery(Action.CREATE, 3, null));
        AttemptOutcome deleted = run(delivery(Action.DELETE, 4, 3L));

        RecordedRequest create = take();
        RecordedRequest delete = take();
        assertThat(created.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
        assertThat(deleted.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
        assertThat(create.getHeaders().values("Authorization")).containsExactly("Bearer " + SECRET_HEADER_VALUE);
        assertThat(create.getHeaders().get("X-Plain")).isEqualTo("p");
        assertThat(delete.getHeaders().values("Authorization")).containsExactly("Bearer " + SECRET_HEADER_VALUE);
        assertThat(delete.getHeaders().get("X-Delete")).isEqualTo("d");
        assertThat(delete.getHeaders().get("X-Plain")).isNull();
    }

    @Test
    void shouldDeadLetterWithoutCallingWhenASecretHeaderWasSealedWithAnotherKey() throws Exception {
        attempts = attempts(
                new RetrySchedule(List.of(Duration.ofSeconds(5)), 0.0),
                Optional.of(SecretBox.fromBase64Key(SecretBox.newBase64Key())));
        subscribeWithSecretHeaderSealedBy(SecretBox.fromBase64Key(SecretBox.newBase64Key()));

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertDeadLetteredUncalledWithoutTheValue(
                outcome, "secret header Authorization cannot be opened with the configured key");
    }

    @Test
    void shouldDeadLetterWithoutCallingWhenSubscriptionHasSecretHeadersButNoKeyIsConfigured() throws Exception {
        subscribeWithSecretHeaderSealedBy(SecretBox.fromBase64Key(SecretBox.newBase64Key()));

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertDeadLetteredUncalledWithoutTheValue(
                outcome,
                "secret header key not configured: the subscription has secret headers but flare.secret.key is not set");
    }

    private void subscribeWithSecretHeaderSealedBy(SecretBox box) {
        server.enqueue(ok());
        subscribe(
                new Endpoint(hookUrl("/hook"), null, null, null)
                        .withSealedHeaders(Map.of("Authorization", box.seal(SECRET_HEADER_VALUE))),
                null,
                null);
    }

    private void assertDeadLetteredUncalledWithoutTheValue(AttemptOutcome outcome, String error) {
        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
        assertThat(result(outcome.records().get(1)).error()).isEqualTo(error);
        assertThat(server.getRequestCount()).isZero();
        for (ProducerRecord<byte[], byte[]> record : outcome.records()) {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(SECRET_HEADER_VALUE);
        }
    }

    @Test
    void shouldSendNoBodyWhenMethodIsGet() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), "get", null, null), null, null);
        server.enqueue(ok());

        run(delivery(Action.CREATE, 3, null));

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getBodySize()).isZero();
    }

    @Test
    void shouldKeepWebhookIdWhenSameSubscriptionDocumentAndPosition() {
        Delivery first = delivery(Action.UPDATE, 3, 2L);
        Delivery retry = first.nextAttempt(NOW, 500, "HTTP 500");

        assertThat(retry.webhookId()).isEqualTo(first.webhookId());
        assertThat(delivery(Action.UPDATE, 4, 3L).webhookId()).isNotEqualTo(first.webhookId());
        assertThat(delivery(Action.DELETE, 3, 3L).webhookId()).isNotEqualTo(first.webhookId());
    }

    @Test
    void shouldReportDeliveredWhenAny2xxByDefault() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder().code(204).build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(outcome.outcome()).isEqualTo("delivered");
        DeliveryResult result = result(outcome.records().get(0));
        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.status()).isEqualTo(204);
        assertThat(outcome.records().get(0).topic()).isEqualTo(TOPICS.deliveryResults());
    }

    @Test
    void shouldRetry2xxWhenNotInCustomSuccessList() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, new DeliveryPolicy(List.of(200), null));
        server.enqueue(new MockResponse.Builder().code(202).build());

        assertThat(run(delivery(Action.CREATE, 3, null)).outcome()).isEqualTo("retried");
    }

    @Test
    void shouldReportDeliveredWhenStatusInCustomSuccessList() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, new DeliveryPolicy(List.of(302), null));
        server.enqueue(new MockResponse.Builder()
                .code(302)
                .addHeader("Location", "http://example.com/")
                .build());

        assertThat(run(delivery(Action.CREATE, 3, null)).outcome()).isEqualTo("delivered");
    }

    @Test
    void shouldReportDiscardedWhenStatusInDiscardList() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, new DeliveryPolicy(null, List.of(410)));
        server.enqueue(new MockResponse.Builder().code(410).build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(result(outcome.records().get(0)).outcome()).isEqualTo(Outcome.DISCARDED);
    }

    @Test
    void shouldRetryOnFirstTierWhenServerError() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder().code(500).body("boom").build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        ProducerRecord<byte[], byte[]> record = outcome.records().get(0);
        assertThat(record.topic()).isEqualTo(TOPICS.retry(1));
        Delivery next = JsonSerde.of(Delivery.class).deserializer().deserialize(record.topic(), record.value());
        assertThat(next.attempt()).isEqualTo(2);
        assertThat(next.dueAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(next.lastStatus()).isEqualTo(500);
        assertThat(next.lastError()).isEqualTo("HTTP 500: boom");
    }

    @Test
    void shouldUseTierOfAttemptWhenRetryingARetry() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder().code(500).build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null).nextAttempt(NOW, 500, "HTTP 500"));

        assertThat(outcome.records().get(0).topic()).isEqualTo(TOPICS.retry(2));
        assertThat(retried(outcome).dueAt()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void shouldDeadLetterWhenLastTierFails() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder().code(500).build());
        Delivery third =
                delivery(Action.CREATE, 3, null).nextAttempt(NOW, 500, "x").nextAttempt(NOW, 500, "x");

        AttemptOutcome outcome = run(third);

        assertThat(outcome.outcome()).isEqualTo("dead-lettered");
        assertThat(outcome.records())
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.deadLetters(), TOPICS.deliveryResults());
        DeadLetter letter = JsonSerde.of(DeadLetter.class)
                .deserializer()
                .deserialize(TOPICS.deadLetters(), outcome.records().get(0).value());
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.lastStatus()).isEqualTo(500);
        assertThat(result(outcome.records().get(1)).outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    }

    @Test
    void shouldRetryWhenCallTimesOut() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .headersDelay(CALL_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS)
                .build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(outcome.outcome()).isEqualTo("retried");
        assertThat(retried(outcome).lastError()).startsWith("timeout");
    }

    @Test
    void shouldRetryWhenConnectionIsRefused() throws Exception {
        String url = hookUrl("/hook");
        server.close();
        subscribe(new Endpoint(url, null, null, null), null, null);

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(outcome.outcome()).isEqualTo("retried");
        assertThat(retried(outcome).lastStatus()).isNull();
    }

    @Test
    void shouldWaitRetryAfterWhenLongerThanTierDelay() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "90")
                .build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(retried(outcome).dueAt()).isEqualTo(NOW.plusSeconds(90));
    }

    @Test
    void shouldCapRetryAfterWhenAboveOneHour() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", "86400")
                .build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(retried(outcome).dueAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void shouldDeadLetterAtOnceWhenUrlIsABlockedLiteral() throws Exception {
        subscribe(new Endpoint("http://169.254.169.254/latest/meta-data", null, null, null), null, null);

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(outcome.outcome()).isEqualTo("blocked");
        assertThat(result(outcome.records().get(1)).outcome()).isEqualTo(Outcome.DEAD_LETTERED);
        assertThat(result(outcome.records().get(1)).error()).startsWith("blocked");
    }

    @Test
    void shouldDeadLetterAtOnceWhenNameResolvesToBlockedAddress() throws Exception {
        AddressGuard resolvingInternal =
                new AddressGuard(List.of(), host -> List.of(InetAddress.getByAddress(new byte[] {10, 0, 0, 7})));
        OkHttpClient guarded = HttpClients.create(resolvingInternal, Duration.ofSeconds(1), CALL_TIMEOUT, 4, 4);
        DeliveryAttempt guardedAttempts = new DeliveryAttempt(
                catalog,
                new CallClients(guarded, Duration.ofSeconds(1), CALL_TIMEOUT),
                resolvingInternal,
                new CallbackRequests(
                        "Flare/test", RequestSigner.NONE, Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC)),
                new RetrySchedule(List.of(Duration.ofSeconds(5)), 0.0),
                gates(),
                TOPICS,
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ZERO);
        subscribe(new Endpoint("http://internal.example/hook", null, null, null), null, null);

        AttemptOutcome outcome =
                guardedAttempts.attempt(KEY, delivery(Action.CREATE, 3, null)).get(5, TimeUnit.SECONDS);
        HttpClients.shutdown(guarded);

        assertThat(outcome.outcome()).isEqualTo("blocked");
        assertThat(outcome.records())
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.deadLetters(), TOPICS.deliveryResults());
    }

    @Test
    void shouldReportDroppedWithoutCallingWhenSubscriptionIsGone() throws Exception {
        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(result(outcome.records().get(0)).outcome()).isEqualTo(Outcome.DROPPED);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldReportRetryingWithFailedAttemptStatusAndErrorWhenRescheduled() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder().code(500).body("boom").build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(outcome.records())
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.retry(1), TOPICS.deliveryResults());
        DeliveryResult result = result(outcome.records().get(1));
        assertThat(result.outcome()).isEqualTo(Outcome.RETRYING);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.error()).isEqualTo("HTTP 500: boom");
    }

    @Test
    void shouldWaitSubscriptionDelaysOnFittingTiersWhenPolicyHasRetry() throws Exception {
        DeliveryPolicy policy =
                new DeliveryPolicy(null, null, new RetryPolicy(5, List.of("1s", "45s")), null, null, null);
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, policy);
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(500).build());

        AttemptOutcome first = run(delivery(Action.CREATE, 3, null));
        AttemptOutcome second = run(retried(first));
        AttemptOutcome third = run(retried(second));

        assertThat(first.records().get(0).topic()).isEqualTo(TOPICS.retry(1));
        assertThat(retried(first).dueAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(second.records().get(0).topic()).isEqualTo(TOPICS.retry(2));
        assertThat(retried(second).dueAt()).isEqualTo(NOW.plusSeconds(45));
        assertThat(retried(third).dueAt()).isEqualTo(NOW.plusSeconds(45));
        assertThat(retried(third).attempt()).isEqualTo(4);
    }

    @Test
    void shouldDeadLetterWhenSubscriptionMaxAttemptsAreUsedUp() throws Exception {
        DeliveryPolicy policy = new DeliveryPolicy(null, null, new RetryPolicy(2, List.of("1s")), null, null, null);
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, policy);
        server.enqueue(new MockResponse.Builder().code(500).build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null).nextAttempt(NOW, 500, "HTTP 500"));

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
        assertThat(result(outcome.records().get(1)).attempts()).isEqualTo(2);
    }

    @Test
    void shouldTimeOutAtSubscriptionCallTimeoutWhenShorterThanDefault() throws Exception {
        OkHttpClient patient = HttpClients.create(guard, Duration.ofSeconds(1), Duration.ofSeconds(10), 4, 4);
        DeliveryAttempt patientAttempts =
                attempts(new RetrySchedule(List.of(Duration.ofSeconds(5)), 0.0), gates(), RequestSigner.NONE, patient);
        DeliveryPolicy policy = new DeliveryPolicy(null, null, null, new CallTimeouts(null, "300ms"), null, null);
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, policy);
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .headersDelay(2, TimeUnit.SECONDS)
                .build());

        AttemptOutcome outcome =
                patientAttempts.attempt(KEY, delivery(Action.CREATE, 3, null)).get(5, TimeUnit.SECONDS);
        HttpClients.shutdown(patient);

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.RETRIED);
        assertThat(retried(outcome).lastError()).startsWith("timeout");
    }

    @Test
    void shouldWaitLongerThanDefaultWhenSubscriptionCallTimeoutIsLonger() throws Exception {
        DeliveryPolicy policy = new DeliveryPolicy(null, null, null, new CallTimeouts("1s", "5s"), null, null);
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, policy);
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .headersDelay(CALL_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS)
                .build());

        assertThat(run(delivery(Action.CREATE, 3, null)).outcome()).isEqualTo(AttemptOutcome.DELIVERED);
    }

    @Test
    void shouldPauseSubscriptionAndDeferDeliveryWhenEndpointAnswers410() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder().code(410).build());
        Delivery second = delivery(Action.CREATE, 3, null).nextAttempt(NOW, 500, "HTTP 500");

        AttemptOutcome outcome = run(second);

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.PAUSED);
        assertThat(outcome.records())
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.subscriptions(), TOPICS.retry(2), TOPICS.deliveryResults());
        ProducerRecord<byte[], byte[]> written = outcome.records().get(0);
        assertThat(new String(written.key(), StandardCharsets.UTF_8)).isEqualTo("r1/s1");
        Subscription paused =
                JsonSerde.of(Subscription.class).deserializer().deserialize(written.topic(), written.value());
        assertThat(paused.paused()).isEqualTo(new Pause("endpoint answered 410 Gone", 410, NOW));
        assertThat(paused.endpoint().url()).isEqualTo(hookUrl("/hook"));
        Delivery deferred = deliveryIn(outcome.records().get(1));
        assertThat(deferred.attempt()).isEqualTo(2);
        assertThat(deferred.dueAt()).isEqualTo(NOW.plusSeconds(30));
        DeliveryResult result = result(outcome.records().get(2));
        assertThat(result.outcome()).isEqualTo(Outcome.RETRYING);
        assertThat(result.status()).isEqualTo(410);
    }

    @Test
    void shouldHoldNextDeliveryWithoutCallingWhenEndpointJustAnswered410() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder().code(410).build());
        run(delivery(Action.CREATE, 3, null));

        AttemptOutcome next = run(delivery(Action.UPDATE, 4, 3L));

        assertThat(next.outcome()).isEqualTo(AttemptOutcome.DEFERRED);
        assertThat(next.reason()).isEqualTo("paused");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldDiscardWithoutPausingWhen410IsListedInDiscard() throws Exception {
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, new DeliveryPolicy(null, List.of(410)));
        server.enqueue(new MockResponse.Builder().code(410).build());

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.DISCARDED);
        assertThat(outcome.records()).extracting(ProducerRecord::topic).containsExactly(TOPICS.deliveryResults());
    }

    @Test
    void shouldDeferToTierNearestOneMinuteWithoutCallingWhenSubscriptionIsPaused() throws Exception {
        catalog.putSubscription(
                new Subscription("s1", "r1", new Endpoint(hookUrl("/hook"), null, null, null), null, null, null, NOW)
                        .withPause(new Pause("endpoint answered 410 Gone", 410, NOW)));
        Delivery first = delivery(Action.CREATE, 3, null);

        AttemptOutcome outcome = run(first);

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.DEFERRED);
        assertThat(outcome.reason()).isEqualTo("paused");
        assertThat(outcome.records()).extracting(ProducerRecord::topic).containsExactly(TOPICS.retry(2));
        Delivery deferred = deliveryIn(outcome.records().get(0));
        assertThat(deferred.attempt()).isEqualTo(1);
        assertThat(deferred.dueAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(deferred.webhookId()).isEqualTo(first.webhookId());
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldDeferWithoutCallingWhenCircuitIsOpen() throws Exception {
        attempts = attempts(
                new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)), 0.0),
                gates(16, 16, 1),
                RequestSigner.NONE,
                client);
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder().code(503).build());
        run(delivery(Action.CREATE, 3, null));

        AttemptOutcome outcome = run(delivery(Action.UPDATE, 4, 3L));

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.DEFERRED);
        assertThat(outcome.reason()).isEqualTo("circuit");
        assertThat(deliveryIn(outcome.records().get(0)).dueAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(outcome.records().get(0).topic()).isEqualTo(TOPICS.retry(2));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldDeferWithoutCallingWhenOverMaxPerSecond() throws Exception {
        DeliveryPolicy policy = new DeliveryPolicy(null, null, null, null, null, 1.0);
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, policy);
        server.enqueue(ok());
        run(delivery(Action.CREATE, 3, null));

        AttemptOutcome outcome = run(delivery(Action.UPDATE, 4, 3L));

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.DEFERRED);
        assertThat(outcome.reason()).isEqualTo("rate");
        assertThat(deliveryIn(outcome.records().get(0)).dueAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(outcome.records().get(0).topic()).isEqualTo(TOPICS.retry(1));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldDeferKeepingAttemptWhenSubscriptionIsAtConcurrencyLimitAndQueueIsFull() throws Exception {
        attempts = attempts(
                new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)), 0.0),
                gates(1, 0, 5),
                RequestSigner.NONE,
                client);
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .headersDelay(200, TimeUnit.MILLISECONDS)
                .build());
        CompletableFuture<AttemptOutcome> slow = attempts.attempt(KEY, delivery(Action.CREATE, 3, null));
        Delivery retry = delivery(Action.CREATE, 3, null).nextAttempt(NOW, 500, "HTTP 500");
        List<CompletableFuture<AttemptOutcome>> queued = new ArrayList<>();
        CompletableFuture<AttemptOutcome> next = attempts.attempt(KEY, retry);
        while (!next.isDone() && queued.size() < SubscriptionGates.MAX_QUEUE) {
            server.enqueue(new MockResponse.Builder().code(200).build());
            queued.add(next);
            next = attempts.attempt(KEY, retry);
        }

        AttemptOutcome deferred = next.get(5, TimeUnit.SECONDS);

        assertThat(queued).as("waiting in the subscription's queue").isNotEmpty();
        assertThat(deferred.outcome()).isEqualTo(AttemptOutcome.DEFERRED);
        assertThat(deferred.reason()).isEqualTo("concurrency");
        assertThat(deliveryIn(deferred.records().get(0)).attempt()).isEqualTo(2);
        assertThat(deliveryIn(deferred.records().get(0)).lastStatus()).isEqualTo(500);
        assertThat(slow.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(AttemptOutcome.DELIVERED);
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldCallQueuedDeliveryWhenSlotFrees() throws Exception {
        attempts = attempts(
                new RetrySchedule(List.of(Duration.ofSeconds(5)), 0.0), gates(1, 4, 5), RequestSigner.NONE, client);
        subscribe(new Endpoint(hookUrl("/hook"), null, null, null), null, null);
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .headersDelay(200, TimeUnit.MILLISECONDS)
                .build());
        server.enqueue(ok());

        CompletableFuture<AttemptOutcome> first = attempts.attempt(KEY, delivery(Action.CREATE, 3, null));
        CompletableFuture<AttemptOutcome> second = attempts.attempt(KEY, delivery(Action.UPDATE, 4, 3L));

        assertThat(second.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(AttemptOutcome.DELIVERED);
        assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(AttemptOutcome.DELIVERED);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterWithoutCallingWhenSubscriptionHasSecretsButNoKeyIsConfigured() throws Exception {
        attempts = attempts(
                new RetrySchedule(List.of(Duration.ofSeconds(5)), 0.0),
                gates(),
                new StandardWebhooksSigner(Optional.empty()),
                client);
        SecretBox box = SecretBox.fromBase64Key(SecretBox.newBase64Key());
        catalog.putSubscription(new Subscription(
                "s1",
                "r1",
                new Endpoint(hookUrl("/hook"), null, null, null),
                null,
                null,
                null,
                NOW,
                List.of(new SealedSecret(box.seal(WebhookSecrets.generate()), NOW, null)),
                null));

        AttemptOutcome outcome = run(delivery(Action.CREATE, 3, null));

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.DEAD_LETTERED);
        assertThat(result(outcome.records().get(1)).error()).startsWith("signing key not configured");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldMoveRetryUnchangedToTierFittingRemainingWaitWhenHopping() {
        byte[] value = "{\"any\":1}".getBytes(StandardCharsets.UTF_8);

        AttemptOutcome outcome = attempts.hop(KEY, value, new RecordHeaders(), Duration.ofMinutes(1));

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.HOPPED);
        assertThat(outcome.records()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(TOPICS.retry(2));
            assertThat(record.key()).isEqualTo(KEY);
            assertThat(record.value()).isEqualTo(value);
        });
    }

    @Test
    void shouldDeadLetterRawBytesWithReasonWhenRecordIsPoison() {
        byte[] raw = "not json".getBytes(StandardCharsets.UTF_8);

        AttemptOutcome outcome = attempts.poison(KEY, raw, "not a readable Delivery");

        ProducerRecord<byte[], byte[]> record = outcome.records().get(0);
        assertThat(record.topic()).isEqualTo(TOPICS.deadLetters());
        assertThat(record.value()).isEqualTo(raw);
        assertThat(new String(record.headers().lastHeader("flare-error").value(), StandardCharsets.UTF_8))
                .isEqualTo("not a readable Delivery");
    }

    private DeliveryAttempt attempts(RetrySchedule schedule) {
        return attempts(schedule, gates(), RequestSigner.NONE, client);
    }

    private DeliveryAttempt attempts(RetrySchedule schedule, Optional<SecretBox> box) {
        return attempts(schedule, gates(), RequestSigner.NONE, box, client);
    }

    private DeliveryAttempt attempts(
            RetrySchedule schedule, SubscriptionGates gates, RequestSigner signer, OkHttpClient shared) {
        return attempts(schedule, gates, signer, Optional.empty(), shared);
    }

    private DeliveryAttempt attempts(
            RetrySchedule schedule,
            SubscriptionGates gates,
            RequestSigner signer,
            Optional<SecretBox> box,
            OkHttpClient shared) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new DeliveryAttempt(
                catalog,
                new CallClients(shared, Duration.ofSeconds(1), Duration.ofMillis(shared.callTimeoutMillis())),
                guard,
                new CallbackRequests("Flare/test", signer, box, clock),
                schedule,
                gates,
                TOPICS,
                clock,
                Duration.ZERO);
    }

    private static SubscriptionGates gates() {
        return gates(16, 16, 1000);
    }

    private static SubscriptionGates gates(int maxConcurrency, int queueSize, int failureThreshold) {
        return new SubscriptionGates(
                new SubscriptionGates.Settings(maxConcurrency, queueSize, failureThreshold, Duration.ofSeconds(30)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void subscribe(Endpoint endpoint, ContentOptions content, DeliveryPolicy policy) {
        catalog.putSubscription(new Subscription("s1", "r1", endpoint, policy, content, null, NOW));
    }

    private String hookUrl(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    private AttemptOutcome run(Delivery delivery) throws Exception {
        return attempts.attempt(KEY, delivery).get(5, TimeUnit.SECONDS);
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        return request;
    }

    private static MockResponse ok() {
        return new MockResponse.Builder().code(200).build();
    }

    private static Delivery delivery(Action action, long revision, Long previous) {
        return new Delivery(
                "s1",
                "r1",
                DOCUMENT_URL,
                action,
                revision,
                previous,
                false,
                action == Action.DELETE ? null : document(),
                NOW.minusSeconds(3600),
                1,
                null,
                null,
                null);
    }

    private static RawJson document() {
        ObjectNode document = Json.mapper().createObjectNode();
        document.put("name", "Ada");
        document.put("v", 3);
        return RawJson.of(document);
    }

    private static DeliveryResult result(ProducerRecord<byte[], byte[]> record) {
        return JsonSerde.of(DeliveryResult.class).deserializer().deserialize(record.topic(), record.value());
    }

    private static Delivery retried(AttemptOutcome outcome) {
        return deliveryIn(outcome.records().get(0));
    }

    private static Delivery deliveryIn(ProducerRecord<byte[], byte[]> record) {
        return JsonSerde.of(Delivery.class).deserializer().deserialize(record.topic(), record.value());
    }
}
