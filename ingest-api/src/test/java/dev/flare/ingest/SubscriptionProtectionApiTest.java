package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.Pause;
import dev.flare.model.Resource;
import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.json.Json;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Delivery options, signing secrets, endpoint address checks, pause and resume of subscriptions. */
class SubscriptionProtectionApiTest {

    private final TestApi api = TestApi.start();
    private final Resource resource = api.resource("http://api.company.com/users/{id}", "version", null);

    @AfterEach
    void stop() {
        api.close();
    }

    private String subscriptions() {
        return "/resources/" + resource.id() + "/subscriptions";
    }

    private TestApi.Reply create(String extra) {
        return api.post(
                subscriptions(), "{\"endpoint\": {\"url\": \"http://client.example/users/{id}\"}" + extra + "}");
    }

    private Subscription stored(String id) {
        return api.catalog.subscription(id).orElseThrow();
    }

    private String lastWrittenValue() {
        List<ProducerRecord<String, byte[]>> history = api.producer.history();
        return new String(history.get(history.size() - 1).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepRetryTimeoutsAndLimitsWhenValid() {
        TestApi.Reply reply = create(", \"delivery\": {\"retry\": {\"maxAttempts\": 4, \"delays\": [\"1s\", \"90s\"]},"
                + " \"timeouts\": {\"connect\": \"2s\", \"call\": \"10s\"}, \"maxConcurrency\": 4,"
                + " \"maxPerSecond\": 2.5}");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode delivery = reply.json().path("delivery");
        assertThat(delivery.at("/retry/maxAttempts").asInt()).isEqualTo(4);
        assertThat(delivery.at("/retry/delays").toString()).isEqualTo("[\"1s\",\"90s\"]");
        assertThat(delivery.at("/timeouts/call").asText()).isEqualTo("10s");
        assertThat(delivery.path("maxConcurrency").asInt()).isEqualTo(4);
        assertThat(delivery.path("maxPerSecond").asDouble()).isEqualTo(2.5);
        assertThat(stored(reply.json().path("id").asText())
                        .deliveryPolicy()
                        .retry()
                        .maxAttempts())
                .isEqualTo(4);
    }

    @Test
    void shouldNameEveryBadDeliveryOptionWhenOutOfBounds() {
        TestApi.Reply reply = create(", \"delivery\": {\"retry\": {\"maxAttempts\": 0, \"delays\": [\"10ms\", \"2d\"]},"
                + " \"timeouts\": {\"connect\": \"20s\", \"call\": \"5m\"}, \"maxConcurrency\": 5000,"
                + " \"maxPerSecond\": 0}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields())
                .containsExactlyInAnyOrder(
                        "delivery.retry.maxAttempts",
                        "delivery.retry.delays[0]",
                        "delivery.retry.delays[1]",
                        "delivery.timeouts.call",
                        "delivery.maxConcurrency",
                        "delivery.maxPerSecond");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldReturnAGeneratedSecretOnceAndStoreItSealedWhenSigningIsAsked() {
        TestApi.Reply reply = create(", \"signing\": true");

        assertThat(reply.status()).isEqualTo(201);
        String secret = reply.json().path("signingSecret").asText();
        assertThat(secret).startsWith("whsec_");
        String id = reply.json().path("id").asText();
        assertThat(lastWrittenValue()).doesNotContain(secret).doesNotContain(secret.substring(6));
        SealedSecret sealed = stored(id).secrets().get(0);
        assertThat(api.secretBox.open(sealed.sealed())).isEqualTo(secret);

        TestApi.Reply read = api.get(subscriptions() + "/" + id);
        assertThat(read.body()).doesNotContain(secret).doesNotContain(sealed.sealed());
        assertThat(read.json().at("/signing/secrets/0/createdAt").asText()).isNotEmpty();
        assertThat(api.get(subscriptions()).body()).doesNotContain(sealed.sealed());
    }

    @Test
    void shouldAcceptAGivenSecretWithoutEchoingItBackWhenInvalid() {
        TestApi.Reply reply = create(", \"signing\": {\"secret\": \"whsec_c2hvcnQ=\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("signing.secret");
        assertThat(reply.body()).doesNotContain("c2hvcnQ=");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            signing                | {"endpoint": {"url": "http://client.example/users/{id}"}, "signing": true}
            endpoint.secretHeaders | {"endpoint": {"url": "http://client.example/users/{id}", "secretHeaders": {"Authorization": "Bearer s3cr3t"}}}
            """)
    void shouldRefuseSecretsWhenTheServerHasNoSecretKey(String field, String body) {
        try (TestApi keyless = TestApi.startWithoutSecretKey()) {
            Resource other = keyless.resource("http://api.company.com/users/{id}", "version", null);

            TestApi.Reply reply = keyless.post("/resources/" + other.id() + "/subscriptions", body);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorFields()).containsExactly(field);
            assertThat(reply.json().toString()).contains("flare.secret.key");
            assertThat(reply.body()).doesNotContain("s3cr3t");
            assertThat(keyless.producer.history()).isEmpty();
        }
    }

    @Test
    void shouldKeepThePreviousSecretSigningForADayWhenRotated() {
        TestApi.Reply created = create(", \"signing\": true");
        String id = created.json().path("id").asText();
        String first = created.json().path("signingSecret").asText();

        TestApi.Reply rotated = api.post(subscriptions() + "/" + id + "/secret/rotate", "");

        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.json().path("signingSecret").asText();
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);
        List<SealedSecret> secrets = stored(id).secrets();
        assertThat(secrets).hasSize(2);
        assertThat(api.secretBox.open(secrets.get(0).sealed())).isEqualTo(second);
        assertThat(secrets.get(0).expiresAt()).isNull();
        assertThat(api.secretBox.open(secrets.get(1).sealed())).isEqualTo(first);
        assertThat(secrets.get(1).expiresAt()).isAfter(Instant.now().plusSeconds(23 * 3600));
        assertThat(rotated.json().at("/signing/secrets/1/expiresAt").asText()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/hook",
                "http://10.1.2.3/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://100.64.0.1/hook",
                "http://[::1]/hook",
                "http://[::ffff:10.0.0.1]/hook",
                "http://[fd00:ec2::254]/hook",
                "http://0x7f000001/hook",
                "http://2130706433/hook",
                "http://0177.0.0.1/hook"
            })
    void shouldRefuseAnEndpointWhenItIsAPrivateAddress(String url) {
        TestApi.Reply reply = api.post(subscriptions(), "{\"endpoint\": {\"url\": \"" + url + "\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("endpoint.url");
        assertThat(reply.json().toString()).contains("flare.connector.allowed.cidrs");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldRefuseAnEndpointWhenItsNameResolvesToAPrivateAddress() throws Exception {
        api.dns.put(
                "internal.example",
                List.of(
                        InetAddress.getByAddress(new byte[] {93, (byte) 184, 0, 1}),
                        InetAddress.getByAddress(new byte[] {10, 0, 0, 7})));

        TestApi.Reply reply = api.post(
                subscriptions(),
                "{\"endpoint\": {\"url\": \"http://client.example/{id}\","
                        + " \"actions\": {\"delete\": {\"url\": \"http://internal.example/gone/{id}\"}}}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("endpoint.actions.delete.url");
        assertThat(reply.json().toString()).contains("10.0.0.7");
    }

    @Test
    void shouldAcceptAnEndpointWhenItsNameResolvesToPublicAddresses() throws Exception {
        api.dns.put("public.example", List.of(InetAddress.getByAddress(new byte[] {93, (byte) 184, 0, 1})));

        TestApi.Reply reply = api.post(subscriptions(), "{\"endpoint\": {\"url\": \"http://public.example/{id}\"}}");

        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void shouldClearThePauseWhenResumed() throws Exception {
        String id = create("").json().path("id").asText();
        api.catalog.putSubscription(stored(id).withPause(new Pause("endpoint answered 410 Gone", 410, Instant.now())));
        assertThat(api.get(subscriptions() + "/" + id)
                        .json()
                        .at("/paused/status")
                        .asInt())
                .isEqualTo(410);

        TestApi.Reply reply = api.post(subscriptions() + "/" + id + "/resume", "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("paused")).isFalse();
        assertThat(stored(id).paused()).isNull();
        assertThat(Json.mapper().readTree(lastWrittenValue()).has("paused")).isFalse();
    }

    @Test
    void shouldAskEveryPartitionToBackfillWhenCreatedWithBackfill() {
        TestApi.Reply reply = create(", \"backfill\": true");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().path("backfill").asBoolean()).isTrue();
        List<ProducerRecord<String, byte[]>> commands = api.producer.history().stream()
                .filter(r -> r.topic().equals(TestApi.TOPICS.deliveryCommands()))
                .toList();
        assertThat(commands).extracting(ProducerRecord::partition).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(new String(commands.get(0).value(), StandardCharsets.UTF_8))
                .contains("\"type\":\"backfill\"")
                .contains(reply.json().path("id").asText());
    }
}
