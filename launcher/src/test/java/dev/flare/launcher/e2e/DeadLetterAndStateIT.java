package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dead letters, their re-drive through the version guard, the delivery state API and latest-wins conflation, on a
 * real broker with a real receiver. The connector retries twice (200 ms, 400 ms) before dead-lettering.
 */
class DeadLetterAndStateIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String URL = "http://api.company.com/orders/7";
    private static final String DOC = "/documents/" + URL;

    private FlareFixture flare;
    private EchoReceiver receiver;
    private String resourceId;
    private String base;

    @BeforeEach
    void start() throws Exception {
        receiver = EchoReceiver.start(0, null);
        flare = new FlareFixture(KAFKA, Map.of());
        resourceId = json(flare.expect(
                                201,
                                "POST",
                                "/resources",
                                "{\"endpoint\": \"http://api.company.com/orders/{id}\", \"change\": {\"field\": \"v\"}}")
                        .body())
                .get("id")
                .asText();
        String sid = json(flare.expect(
                                201,
                                "POST",
                                "/resources/" + resourceId + "/subscriptions",
                                "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/orders/{id}\"}}"
                                        .formatted(receiver.port()))
                        .body())
                .get("id")
                .asText();
        base = "/resources/" + resourceId + "/subscriptions/" + sid;
    }

    @AfterEach
    void stop() throws Exception {
        flare.close();
        receiver.close();
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private void put(int version) {
        flare.expect(202, "PUT", DOC, "{\"v\": %d}".formatted(version));
    }

    private JsonNode status() {
        return json(flare.expect(200, "GET", base + "/status", null).body());
    }

    private void awaitStatus(String counter, long value) throws InterruptedException {
        FlareFixture.await(
                counter + " = " + value, () -> status().path(counter).asLong() == value, Duration.ofSeconds(60));
    }

    private static long revision(EchoReceiver.Callback callback) {
        return json(callback.body()).path("revision").asLong();
    }

    @Test
    void shouldDeadLetterAfterTheScheduleAndDeliverOnRedriveWhenStillNewest() throws Exception {
        AtomicInteger accepting = new AtomicInteger();
        receiver.answerWith(callback -> accepting.get() == 1 ? 200 : 500);

        put(1);
        awaitStatus("dead", 1);

        assertThat(receiver.callbacks()).hasSize(3);
        JsonNode letters =
                json(flare.expect(200, "GET", base + "/dead-letters", null).body());
        assertThat(letters.at("/pagination/total").asInt()).isEqualTo(1);
        JsonNode letter = letters.path("deadLetters").get(0);
        assertThat(letter.path("documentUrl").asText()).isEqualTo(URL);
        assertThat(letter.path("revision").asLong()).isEqualTo(1);
        assertThat(letter.path("attempts").asInt()).isEqualTo(3);
        assertThat(letter.path("lastStatus").asInt()).isEqualTo(500);
        assertThat(letter.path("webhookId").asText())
                .isEqualTo(receiver.callbacks().get(0).headers().get("webhook-id"));
        JsonNode state =
                json(flare.expect(200, "GET", base + "/documents/" + URL, null).body());
        assertThat(state.path("lastOutcome").asText()).isEqualTo("dead-lettered");
        assertThat(state.has("delivered")).isFalse();

        accepting.set(1);
        JsonNode redrive = json(
                flare.expect(202, "POST", base + "/dead-letters/redrive", null).body());

        assertThat(redrive.path("redriven").asInt()).isEqualTo(1);
        awaitStatus("delivered", 1);
        List<EchoReceiver.Callback> callbacks = receiver.callbacks();
        assertThat(callbacks).hasSize(4);
        assertThat(revision(callbacks.get(3))).isEqualTo(1);
        assertThat(callbacks.get(3).headers().get("webhook-id"))
                .isEqualTo(callbacks.get(0).headers().get("webhook-id"));
        assertThat(status().path("dead").asLong()).isZero();
        assertThat(json(flare.expect(200, "GET", base + "/documents/" + URL, null)
                                .body())
                        .at("/delivered/revision")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void shouldSendNothingOnRedriveWhenANewerVersionWasDeliveredSince() throws Exception {
        AtomicInteger accepting = new AtomicInteger();
        receiver.answerWith(callback -> accepting.get() == 1 ? 200 : 500);
        put(1);
        awaitStatus("dead", 1);
        accepting.set(1);
        put(2);
        awaitStatus("delivered", 1);

        JsonNode redrive = json(
                flare.expect(202, "POST", base + "/dead-letters/redrive", null).body());
        Thread.sleep(1500);

        assertThat(redrive.path("redriven").asInt()).isZero();
        List<EchoReceiver.Callback> callbacks = receiver.callbacks();
        assertThat(callbacks).hasSize(4);
        assertThat(revision(callbacks.get(3))).isEqualTo(2);
        assertThat(json(flare.expect(200, "GET", base + "/dead-letters", null).body())
                        .at("/pagination/total")
                        .asInt())
                .isZero();
    }

    @Test
    void shouldSignCallbacksWithTheSecretReturnedAtCreate() throws Exception {
        try (EchoReceiver signed = EchoReceiver.start(0, null)) {
            String secret = json(flare.expect(
                                    201,
                                    "POST",
                                    "/resources/" + resourceId + "/subscriptions",
                                    "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/signed/{id}\"}, \"signing\": true}"
                                            .formatted(signed.port()))
                            .body())
                    .path("signingSecret")
                    .asText();

            put(1);
            FlareFixture.await("a signed callback", () -> !signed.callbacks().isEmpty(), Duration.ofSeconds(60));

            EchoReceiver.Callback callback = signed.callbacks().get(0);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String content = callback.headers().get("webhook-id") + "."
                    + callback.headers().get("webhook-timestamp") + "." + callback.body();
            String expected =
                    "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
            assertThat(callback.headers().get("webhook-signature")).isEqualTo(expected);
        }
    }

    @Test
    void shouldSendStrictlyIncreasingVersionsEndingWithTheLastAndFewCallsWhenASlowReceiverGetsABurst()
            throws Exception {
        receiver.answerWith(callback -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });

        for (int version = 1; version <= 100; version++) {
            put(version);
        }
        FlareFixture.await(
                "version 100 delivered",
                () -> receiver.callbacks().stream().anyMatch(c -> revision(c) == 100),
                Duration.ofSeconds(60));
        Thread.sleep(500);

        List<Long> revisions = receiver.callbacks().stream()
                .map(DeadLetterAndStateIT::revision)
                .toList();
        assertThat(revisions).isSorted().doesNotHaveDuplicates().endsWith(100L);
        assertThat(revisions.size()).isLessThan(50);
        assertThat(status().path("pending").asLong()).isZero();
    }
}
