package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README walkthrough and the core acceptance sequence, through the real API to a real HTTP receiver. */
class WalkthroughIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String USER = "/documents/http://api.company.com/users/42";

    private FlareFixture flare;
    private EchoReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = EchoReceiver.start(0, null);
        flare = new FlareFixture(KAFKA, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        flare.close();
        receiver.close();
    }

    private String createResource() throws Exception {
        String body = flare.expect(
                        201,
                        "POST",
                        "/resources",
                        "{\"endpoint\": \"http://api.company.com/users/{id}\", \"change\": {\"field\": \"version\"}}")
                .body();
        return Json.mapper().readTree(body).get("id").asText();
    }

    private void subscribe(String resourceId) {
        flare.expect(201, "POST", "/resources/" + resourceId + "/subscriptions", """
                {"endpoint": {"url": "http://127.0.0.1:%d/users/{id}", "method": "post",
                              "actions": {"delete": {"method": "delete"}}},
                 "data": {"service": "user", "id": "{id}"}}""".formatted(receiver.port()));
    }

    private void put(String name, int version) {
        flare.expect(202, "PUT", USER, "{\"name\": \"%s\", \"version\": %d}".formatted(name, version));
    }

    private List<EchoReceiver.Callback> awaitCallbacks(int count) throws InterruptedException {
        FlareFixture.await(count + " callbacks", () -> receiver.callbacks().size() >= count, Duration.ofSeconds(60));
        return receiver.callbacks();
    }

    private void assertNoMoreCallbacksThan(int count) throws InterruptedException {
        Thread.sleep(1500);
        assertThat(receiver.callbacks()).hasSize(count);
    }

    private static JsonNode body(EchoReceiver.Callback callback) throws Exception {
        return Json.mapper().readTree(callback.body());
    }

    @Test
    void shouldProduceExactlyTheCallbacksTheReadmeDocuments() throws Exception {
        subscribe(createResource());

        put("Ada", 1);
        EchoReceiver.Callback create = awaitCallbacks(1).get(0);
        put("Ada", 1);
        put("Ada Lovelace", 2);
        EchoReceiver.Callback update = awaitCallbacks(2).get(1);
        flare.expect(202, "DELETE", USER, null);
        EchoReceiver.Callback delete = awaitCallbacks(3).get(2);
        assertNoMoreCallbacksThan(3);

        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/users/42");
        assertThat(create.headers()).containsKeys("webhook-id", "webhook-timestamp");
        assertThat(create.headers().get("content-type")).startsWith("application/json");
        assertThat(create.headers().get("user-agent")).startsWith("Flare/");
        JsonNode created = body(create);
        assertThat(created.get("id").asText()).isEqualTo("http://api.company.com/users/42");
        assertThat(created.get("action").asText()).isEqualTo("create");
        assertThat(created.get("revision").asLong()).isEqualTo(1);
        assertThat(created.has("previousRevision")).isFalse();
        assertThat(created.get("updatedAt").asText()).isNotBlank();
        assertThat(created.get("data")).isEqualTo(Json.mapper().readTree("{\"service\":\"user\",\"id\":\"42\"}"));
        assertThat(created.get("document")).isEqualTo(Json.mapper().readTree("{\"name\":\"Ada\",\"version\":1}"));

        JsonNode updated = body(update);
        assertThat(update.method()).isEqualTo("POST");
        assertThat(updated.get("action").asText()).isEqualTo("update");
        assertThat(updated.get("revision").asLong()).isEqualTo(2);
        assertThat(updated.get("previousRevision").asLong()).isEqualTo(1);
        assertThat(updated.get("document").get("name").asText()).isEqualTo("Ada Lovelace");

        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.path()).isEqualTo("/users/42");
        JsonNode deleted = body(delete);
        assertThat(deleted.get("action").asText()).isEqualTo("delete");
        assertThat(deleted.has("document")).isFalse();
        assertThat(create.headers().get("webhook-id"))
                .isNotEqualTo(update.headers().get("webhook-id"));

        JsonNode state =
                Json.mapper().readTree(flare.expect(200, "GET", USER, null).body());
        assertThat(state.get("deleted").asBoolean()).isTrue();
        assertThat(state.get("revision").asLong()).isEqualTo(2);
    }

    @Test
    void shouldNotifyOnlyNewerVersionsWhenSentDuplicatesOutOfOrderAndAfterDelete() throws Exception {
        subscribe(createResource());

        put("v1", 1);
        awaitCallbacks(1);
        put("v1", 1);
        put("v2", 2);
        awaitCallbacks(2);
        put("v0", 0);
        flare.expect(202, "DELETE", USER, null);
        awaitCallbacks(3);
        put("v1 again", 1);
        put("v3", 3);
        List<EchoReceiver.Callback> callbacks = awaitCallbacks(4);
        assertNoMoreCallbacksThan(4);

        List<String> seen = callbacks.stream()
                .map(callback -> {
                    try {
                        JsonNode body = body(callback);
                        return body.get("action").asText() + "("
                                + body.get("revision").asLong() + ")";
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
        assertThat(seen).containsExactly("create(1)", "update(2)", "delete(2)", "create(3)");
        assertThat(body(callbacks.get(3)).get("document").get("name").asText()).isEqualTo("v3");
    }
}
