package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
        subscribe(receiver.port(), delivery);
    }

    private void subscribe(int port, String delivery) {
        flare.expect(
                201,
                "POST",
                "/resources/" + resourceId + "/subscriptions",
                "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/orders/{id}\"}%s}"
                        .formatted(port, delivery.isEmpty() ? "" : ", \"delivery\": " + delivery));
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

    @Test
    void shouldDeliverPastASlowCallToAnotherSubscriberAndNotCallThoseAgainAfterARestart() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (BlockingReceiver slow = new BlockingReceiver("/orders/1", release)) {
            subscribe("");
            subscribe(slow.port(), "{\"timeouts\": {\"call\": \"60s\"}}");
            flare.expect(202, "PUT", "/documents/http://api.company.com/orders/1", "{\"v\": 1}");
            FlareFixture.await("the slow call", () -> slow.calls("/orders/1") == 1, Duration.ofSeconds(60));
            for (int version = 1; version <= 2; version++) {
                for (int order = 2; order <= 21; order++) {
                    flare.expect(
                            202,
                            "PUT",
                            "/documents/http://api.company.com/orders/" + order,
                            "{\"v\": %d}".formatted(version));
                }
                int expected = 1 + 20 * version;
                FlareFixture.await(
                        "version " + version + " of every order at the other subscriber, the slow call still on",
                        () -> receiver.callbacks().size() >= expected,
                        Duration.ofSeconds(45));
            }
            assertThat(slow.calls("/orders/1"))
                    .as("the slow call is still the first")
                    .isEqualTo(1);

            flare.restart();
            FlareFixture.await("the slow call again", () -> slow.calls("/orders/1") == 2, Duration.ofSeconds(60));
            release.countDown();
            flare.expect(202, "PUT", "/documents/http://api.company.com/orders/1", "{\"v\": 2}");
            FlareFixture.await(
                    "version 2 of order 1", () -> receiver.callbacks().size() >= 42, Duration.ofSeconds(60));
            Thread.sleep(1500);

            Map<String, Long> delivered = receiver.callbacks().stream()
                    .collect(Collectors.groupingBy(
                            callback -> callback.path() + " v" + revision(callback), Collectors.counting()));
            assertThat(delivered)
                    .as("every version once, none called again after the restart")
                    .hasSize(42);
            assertThat(delivered.values()).containsOnly(1L);
        }
    }

    private static long revision(EchoReceiver.Callback callback) {
        try {
            return body(callback).get("revision").asLong();
        } catch (Exception e) {
            throw new AssertionError("not an envelope: " + callback.body(), e);
        }
    }

    /** Answers 200 at once, but holds every call to {@code blockedPath} until {@code release}; counts calls by path. */
    private static final class BlockingReceiver implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        BlockingReceiver(String blockedPath, CountDownLatch release) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    body.readAllBytes();
                }
                String path = exchange.getRequestURI().getPath();
                calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                if (path.equals(blockedPath)) {
                    try {
                        release.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int calls(String path) {
            AtomicInteger count = calls.get(path);
            return count == null ? 0 : count.get();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
