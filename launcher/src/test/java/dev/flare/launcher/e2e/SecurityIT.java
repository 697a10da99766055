package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.flare.connector.ConnectorConfig;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * One standalone Flare run, every log line captured from before start to after shutdown: signed callbacks checked by
 * a verifier written here from the Standard Webhooks spec (through a secret rotation), a redirect into an internal
 * address not followed and dead-lettered, only the operator-allowed address accepted, secrets (signing secrets and
 * secret header values) absent from every API read, and finally no secret and no master key in any log line. The
 * operator allows 127.0.0.1 only, so 127.0.0.2 stands for an internal service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> SECRETS = new ArrayList<>();
    private static final List<String> SECRET_HEADER_VALUES = new ArrayList<>();

    private static CapturedLogs logs;
    private static FlareFixture flare;
    private static boolean flareClosed;
    private static EchoReceiver receiver;
    private static HttpServer redirector;
    private static HttpServer internal;
    private static final AtomicInteger REDIRECTED = new AtomicInteger();
    private static final AtomicInteger INTERNAL_CALLS = new AtomicInteger();
    private static String masterKey;

    @BeforeAll
    static void start() throws Exception {
        logs = CapturedLogs.start();
        receiver = EchoReceiver.start(0, null);
        redirector =
                HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        int port = redirector.getAddress().getPort();
        internal =
                HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), port), 0);
        internal.createContext("/", exchange -> {
            INTERNAL_CALLS.incrementAndGet();
            try (exchange) {
                exchange.sendResponseHeaders(200, -1);
            }
        });
        redirector.createContext("/", exchange -> {
            REDIRECTED.incrementAndGet();
            try (exchange) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + port + "/internal");
                exchange.sendResponseHeaders(307, -1);
            }
        });
        internal.start();
        redirector.start();
        flare = new FlareFixture(KAFKA, Map.of(ConnectorConfig.ALLOWED_CIDRS, "127.0.0.1/32"));
        masterKey = Files.readString(flare.dataDir().resolve("secret.key"), StandardCharsets.US_ASCII)
                .trim();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (flare != null) {
                closeFlare();
            }
        } finally {
            receiver.close();
            redirector.stop(0);
            internal.stop(0);
            logs.close();
        }
    }

    private static void closeFlare() throws IOException {
        if (!flareClosed) {
            flareClosed = true;
            flare.close();
        }
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    private static String resource(String template) {
        return json(flare.expect(201, "POST", "/resources", """
                                {"endpoint": "%s", "change": {"field": "v"}}""".formatted(template))
                        .body())
                .path("id")
                .asText();
    }

    /**
     * Creates a signed subscription with a secret {@code Authorization} header and returns its path; its signing
     * secret and header value join those the API reads and the log scan look for.
     */
    private static String signedSubscription(String resourceId, String url) {
        String authorization = "Bearer " + UUID.randomUUID();
        JsonNode created = json(flare.expect(
                        201, "POST", "/resources/" + resourceId + "/subscriptions", """
                                {"endpoint": {"url": "%s", "secretHeaders": {"Authorization": "%s"}}, "signing": true}""".formatted(url, authorization))
                .body());
        SECRETS.add(created.path("signingSecret").asText());
        SECRET_HEADER_VALUES.add(authorization);
        return "/resources/" + resourceId + "/subscriptions/"
                + created.path("id").asText();
    }

    /**
     * The Standard Webhooks check a receiver makes, written from the spec: timestamp within five minutes, and some
     * {@code v1,} signature equal to base64 HMAC-SHA256(key, id.timestamp.body) in constant time.
     */
    private static boolean verifies(String secret, EchoReceiver.Callback callback) throws GeneralSecurityException {
        String id = callback.headers().get("webhook-id");
        String timestamp = callback.headers().get("webhook-timestamp");
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + callback.body()).getBytes(StandardCharsets.UTF_8));
        for (String entry : callback.headers().get("webhook-signature").split(" ", -1)) {
            String[] parts = entry.split(",", 2);
            if (parts.length == 2
                    && parts[0].equals("v1")
                    && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                return true;
            }
        }
        return false;
    }

    private static EchoReceiver.Callback awaitCallback(int count) throws InterruptedException {
        FlareFixture.await(count + " callbacks", () -> receiver.callbacks().size() >= count, WAIT);
        return receiver.callbacks().get(count - 1);
    }

    /** Each secret as given, its base64 key, that key URL-safe and in hex. */
    private static List<String> spellings(String base64Key, String given) {
        byte[] bytes = Base64.getDecoder().decode(base64Key);
        return List.of(
                given,
                base64Key,
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(bytes));
    }

    /** Every signing secret in each spelling, and each secret header value with the random part alone. */
    private static List<String> secretSpellings() {
        List<String> all = new ArrayList<>();
        for (String secret : SECRETS) {
            all.addAll(spellings(secret.substring("whsec_".length()), secret));
        }
        for (String value : SECRET_HEADER_VALUES) {
            all.add(value);
            all.add(value.substring("Bearer ".length()));
        }
        return all;
    }

    @Test
    @Order(1)
    void shouldSignWithTheCurrentSecretAndDuringRotationWithTheOldOneTooWhenVerifiedIndependently() throws Exception {
        String resourceId = resource("http://api.company.com/users/{id}");
        String base = signedSubscription(resourceId, "http://127.0.0.1:%d/users/{id}".formatted(receiver.port()));
        String first = SECRETS.get(SECRETS.size() - 1);

        flare.expect(202, "PUT", "/documents/http://api.company.com/users/1", "{\"v\": 1}");
        EchoReceiver.Callback signedOnce = awaitCallback(1);

        assertThat(signedOnce.headers().get("authorization")).isEqualTo(SECRET_HEADER_VALUES.get(0));
        assertThat(signedOnce.headers().get("webhook-signature").split(" ", -1)).hasSize(1);
        assertThat(verifies(first, signedOnce)).isTrue();
        assertThat(verifies("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), signedOnce))
                .isFalse();

        String second = json(flare.expect(200, "POST", base + "/secret/rotate", null)
                        .body())
                .path("signingSecret")
                .asText();
        SECRETS.add(second);
        flare.expect(202, "PUT", "/documents/http://api.company.com/users/1", "{\"v\": 2}");
        EchoReceiver.Callback signedTwice = awaitCallback(2);

        assertThat(signedTwice.headers().get("webhook-signature").split(" ", -1))
                .hasSize(2)
                .allMatch(entry -> entry.startsWith("v1,"));
        assertThat(verifies(second, signedTwice)).isTrue();
        assertThat(verifies(first, signedTwice)).isTrue();
    }

    @Test
    @Order(2)
    void shouldDeadLetterWithoutFollowingWhenTheReceiverRedirectsToAnInternalAddress() throws Exception {
        String resourceId = resource("http://api.company.com/orders/{id}");
        String base = signedSubscription(
                resourceId,
                "http://127.0.0.1:%d/orders/{id}"
                        .formatted(redirector.getAddress().getPort()));

        flare.expect(202, "PUT", "/documents/http://api.company.com/orders/7", "{\"v\": 1}");
        FlareFixture.await(
                "a dead letter",
                () -> json(flare.expect(200, "GET", base + "/status", null).body())
                                .path("dead")
                                .asLong()
                        == 1,
                WAIT);

        JsonNode letter = json(flare.expect(200, "GET", base + "/dead-letters", null)
                        .body())
                .path("deadLetters")
                .get(0);
        assertThat(letter.path("lastStatus").asInt()).isEqualTo(307);
        assertThat(REDIRECTED.get()).isEqualTo(3);
        assertThat(INTERNAL_CALLS.get()).isZero();
    }

    @Test
    @Order(3)
    void shouldAcceptOnlyTheOperatorAllowedAddressWhenCreatingSubscriptions() {
        String resourceId = resource("http://api.company.com/items/{id}");
        int port = redirector.getAddress().getPort();

        for (String host : List.of("127.0.0.2", "2130706434", "0177.0.0.2", "[::ffff:127.0.0.2]", "[::1]", "0.0.0.0")) {
            JsonNode problem = json(flare.expect(
                            400,
                            "POST",
                            "/resources/" + resourceId + "/subscriptions",
                            "{\"endpoint\": {\"url\": \"http://%s:%d/items/{id}\"}}".formatted(host, port))
                    .body());
            assertThat(problem.at("/errors/0/field").asText()).as(host).isEqualTo("endpoint.url");
        }
        assertThat(INTERNAL_CALLS.get()).isZero();
    }

    @Test
    @Order(4)
    void shouldShowNoSecretInAnyApiReadWhenSubscriptionsAreSignedDeliveredAndDeadLettered() {
        List<String> paths = new ArrayList<>();
        for (JsonNode resource :
                json(flare.expect(200, "GET", "/resources", null).body()).path("resources")) {
            String subscriptions = "/resources/" + resource.path("id").asText() + "/subscriptions";
            paths.add(subscriptions);
            for (JsonNode subscription :
                    json(flare.expect(200, "GET", subscriptions, null).body()).path("subscriptions")) {
                String base = subscriptions + "/" + subscription.path("id").asText();
                paths.addAll(List.of(
                        base,
                        base + "/status",
                        base + "/dead-letters",
                        base + "/replay",
                        base + "/documents/http://api.company.com/users/1",
                        base + "/documents/http://api.company.com/orders/7"));
            }
        }

        assertThat(paths).hasSizeGreaterThan(10);
        for (String path : paths) {
            String body = flare.get(path).body();
            for (String secret : secretSpellings()) {
                assertThat(body).as(path).doesNotContainIgnoringCase(secret);
            }
        }
    }

    @Test
    @Order(5)
    void shouldLogNoSecretAndNoMasterKeyWhenTheRunHasEnded() throws IOException {
        LoggerFactory.getLogger("dev.flare.connector.SecurityIT").trace("log capture canary {}", "6f1c0d9e");
        closeFlare();

        List<String> lines = logs.lines();
        List<String> secrets = secretSpellings();
        secrets.addAll(spellings(masterKey, "flare.secret.key=" + masterKey));

        assertThat(SECRETS).hasSize(3);
        assertThat(SECRET_HEADER_VALUES).hasSize(2);
        assertThat(lines).anyMatch(line -> line.contains("log capture canary 6f1c0d9e"));
        assertThat(lines).anyMatch(line -> line.contains("ProducerConfig values"));
        assertThat(lines).hasSizeGreaterThan(100);
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line").doesNotContainIgnoringCase(secret);
            }
        }
    }
}
