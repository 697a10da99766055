package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delivery engine on a real broker with real receivers: a subscription's own retry schedule, one slow
 * subscription not holding up a healthy one, and 410 Gone pausing a subscription until it is resumed. The
 * connector's own tiers are 200 ms and 400 ms (the fixture's), so longer waits travel by hops.
 */
class DeliveryEngineIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final double JITTER = 0.2;

    private FlareFixture flare;
    private String resourceId;

    @BeforeEach
    void start() throws Exception {
        flare = new FlareFixture(KAFKA, Map.of());
        resourceId = json(flare.expect(
                                201,
                                "POST",
                                "/resources",
                                "{\"endpoint\": \"http://api.company.com/orders/{id}\", \"change\": {\"field\": \"v\"}}")
                        .body())
                .get("id")
                .asText();
    }

    @AfterEach
    void stop() throws Exception {
        flare.close();
    }

    @Test
    void shouldRetryOnTheSubscriptionsOwnDelaysAndDeliverOnceWithTheSameWebhookId() throws Exception {
        try (EchoReceiver receiver = EchoReceiver.start(0, null)) {
            List<Long> arrivals = new CopyOnWriteArrayList<>();
            AtomicInteger answered = new AtomicInteger();
            receiver.answerWith(callback -> {
                arrivals.add(System.nanoTime());
                return answered.incrementAndGet() <= 3 ? 500 : 200;
            });
            String base = subscribe(receiver, "\"delivery\": {\"retry\": {\"maxAttempts\": 5, \"delays\": [\"1s\"]}}");

            put(7, 1);
            awaitStatus(base, "delivered", 1);

            List<EchoReceiver.Callback> callbacks = receiver.callbacks();
            assertThat(callbacks).hasSize(4);
            assertThat(callbacks)
                    .extracting(callback -> callback.headers().get("webhook-id"))
                    .containsOnly(callbacks.get(0).headers().get("webhook-id"));
            long shortest = Math.round(Duration.ofSeconds(1).toNanos() * (1 - JITTER));
            for (int i = 1; i < arrivals.size(); i++) {
                assertThat(arrivals.get(i) - arrivals.get(i - 1))
                        .as("gap before attempt %d", i + 1)
                        .isGreaterThanOrEqualTo(shortest);
            }
        }
    }

    @Test
    void shouldKeepDeliveringToAHealthySubscriptionWhileAnotherOneIsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (EchoReceiver stuck = EchoReceiver.start(0, null);
                EchoReceiver healthy = EchoReceiver.start(0, null)) {
            stuck.answerWith(callback -> {
                try {
                    return release.await(30, TimeUnit.SECONDS) ? 200 : 503;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 503;
                }
            });
            subscribe(stuck, "\"delivery\": {\"maxConcurrency\": 1, \"timeouts\": {\"call\": \"40s\"}}");
            subscribe(healthy, "");

            for (int order = 1; order <= 5; order++) {
                put(order, 1);
            }
            FlareFixture.await(
                    "the healthy receiver has all five",
                    () -> healthy.callbacks().size() == 5,
                    Duration.ofSeconds(60));

            assertThat(stuck.callbacks()).hasSizeLessThanOrEqualTo(1);
            release.countDown();
            FlareFixture.await(
                    "the stuck receiver has all five once released",
                    () -> stuck.callbacks().size() >= 5,
                    Duration.ofSeconds(60));
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldPauseOn410AndDeliverAfterResume() throws Exception {
        try (EchoReceiver receiver = EchoReceiver.start(0, null)) {
            AtomicInteger answered = new AtomicInteger();
            receiver.answerWith(callback -> answered.incrementAndGet() == 1 ? 410 : 200);
            String base = subscribe(receiver, "");

            put(7, 1);
            FlareFixture.await(
                    "the subscription paused",
                    () -> "paused".equals(status(base).path("state").asText()),
                    Duration.ofSeconds(60));

            JsonNode subscription = json(flare.expect(200, "GET", base, null).body());
            assertThat(subscription.at("/paused/status").asInt()).isEqualTo(410);
            assertThat(receiver.callbacks()).hasSize(1);
            assertThat(status(base).path("dead").asLong()).isZero();

            flare.expect(200, "POST", base + "/resume", null);
            awaitStatus(base, "delivered", 1);

            List<EchoReceiver.Callback> callbacks = receiver.callbacks();
            assertThat(callbacks).hasSize(2);
            assertThat(callbacks.get(1).headers().get("webhook-id"))
                    .isEqualTo(callbacks.get(0).headers().get("webhook-id"));
        }
    }

    private String subscribe(EchoReceiver receiver, String extra) {
        String sid = json(flare.expect(
                                201,
                                "POST",
                                "/resources/" + resourceId + "/subscriptions",
                                "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/orders/{id}\"}%s}"
                                        .formatted(receiver.port(), extra.isEmpty() ? "" : ", " + extra))
                        .body())
                .get("id")
                .asText();
        return "/resources/" + resourceId + "/subscriptions/" + sid;
    }

    private void put(int order, int version) {
        flare.expect(202, "PUT", "/documents/http://api.company.com/orders/" + order, "{\"v\": %d}".formatted(version));
    }

    private JsonNode status(String base) {
        return json(flare.expect(200, "GET", base + "/status", null).body());
    }

    private void awaitStatus(String base, String counter, long value) throws InterruptedException {
        FlareFixture.await(
                counter + " = " + value, () -> status(base).path(counter).asLong() == value, Duration.ofSeconds(60));
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
