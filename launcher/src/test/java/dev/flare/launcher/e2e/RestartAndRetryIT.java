package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** State survives a restart of every role; failed callbacks are retried, discards are not, and nothing is lost. */
class RestartAndRetryIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String DOC = "/documents/http://api.company.com/orders/7";

    private FlareFixture flare;
    private EchoReceiver receiver;
    private String resourceId;

    @BeforeEach
    void start() throws Exception {
        receiver = EchoReceiver.start(0, null);
        flare = new FlareFixture(KAFKA, Map.of());
        resourceId = Json.mapper()
                .readTree(flare.expect(
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
        receiver.close();
    }

    private void subscribe(String delivery) {
        flare.expect(
                201,
                "POST",
                "/resources/" + resourceId + "/subscriptions",
                "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/orders/{id}\"}%s}"
                        .formatted(receiver.port(), delivery.isEmpty() ? "" : ", \"delivery\": " + delivery));
    }

    private void put(int version) {
        flare.expect(202, "PUT", DOC, "{\"v\": %d}".formatted(version));
    }

    private List<EchoReceiver.Callback> awaitCallbacks(int count) throws InterruptedException {
        FlareFixture.await(count + " callbacks", () -> receiver.callbacks().size() >= count, Duration.ofSeconds(60));
        return receiver.callbacks();
    }

    private static JsonNode body(EchoReceiver.Callback callback) throws Exception {
        return Json.mapper().readTree(callback.body());
    }

    @Test
    void shouldKeepDocumentsSubscriptionsAndDeliveredVersionsWhenRestarted() throws Exception {
        subscribe("");
        put(1);
        awaitCallbacks(1);

        flare.restart();

        assertThat(Json.mapper()
                        .readTree(flare.expect(200, "GET", "/resources", null).body())
                        .get("pagination")
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        assertThat(Json.mapper()
                        .readTree(flare.expect(200, "GET", "/resources/" + resourceId + "/subscriptions", null)
                                .body())
                        .get("subscriptions"))
                .hasSize(1);
        assertThat(Json.mapper()
                        .readTree(flare.expect(200, "GET", DOC, null).body())
                        .get("revision")
                        .asLong())
                .isEqualTo(1);
        put(1);
        put(2);
        List<EchoReceiver.Callback> callbacks = awaitCallbacks(2);
        Thread.sleep(1500);

        assertThat(receiver.callbacks()).hasSize(2);
        JsonNode update = body(callbacks.get(1));
        assertThat(update.get("action").asText()).isEqualTo("update");
        assertThat(update.get("previousRevision").asLong()).isEqualTo(1);
        assertThat(update.get("revision").asLong()).isEqualTo(2);
    }

    @Test
    void shouldRetryWithTheSameWebhookIdUntilTheReceiverAccepts() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        receiver.answerWith(callback -> answered.incrementAndGet() <= 2 ? 500 : 200);
        subscribe("");

        put(1);
        awaitCallbacks(3);
        put(2);
        List<EchoReceiver.Callback> callbacks = awaitCallbacks(4);

        assertThat(callbacks.subList(0, 3))
                .extracting(callback -> callback.headers().get("webhook-id"))
                .containsOnly(callbacks.get(0).headers().get("webhook-id"));
        assertThat(body(callbacks.get(2)).get("action").asText()).isEqualTo("create");
        assertThat(body(callbacks.get(3)).get("action").asText()).isEqualTo("update");
        assertThat(body(callbacks.get(3)).get("previousRevision").asLong()).isEqualTo(1);
    }

    @Test
    void shouldNotRetryADiscardStatusAndStillSendTheNextVersion() throws Exception {
        receiver.answerWith(callback -> callback.body().contains("\"v\":1") ? 422 : 200);
        subscribe("{\"discard\": [422]}");

        put(1);
        awaitCallbacks(1);
        Thread.sleep(1000);
        assertThat(receiver.callbacks()).hasSize(1);
        put(2);
        List<EchoReceiver.Callback> callbacks = awaitCallbacks(2);

        JsonNode second = body(callbacks.get(1));
        assertThat(second.get("revision").asLong()).isEqualTo(2);
        assertThat(second.get("action").asText()).isEqualTo("create");
    }
}
