package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.Resource;
import dev.flare.model.Subscription;
import dev.flare.model.json.Json;
import dev.flare.model.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Header values marked secret (spec §9): write-only in the API (reads show only their names), sealed with the
 * operator's key before the subscription is written to Kafka, validated like plain headers without ever echoing a
 * value.
 */
class SecretHeadersApiTest {

    private static final String SECRET_MARKER = "s3cr3t-header";

    private final TestApi api = TestApi.start();
    private final Resource resource = api.resource("http://api.company.com/users/{id}", "version", null);
    private final String subscriptions = "/resources/" + resource.id() + "/subscriptions";

    @AfterEach
    void stop() {
        api.close();
    }

    /** A body whose endpoint has {@code headers} and {@code secretHeaders}, built by Jackson so any character passes. */
    private static ObjectNode body(ObjectNode headers, ObjectNode secretHeaders) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode endpoint = body.putObject("endpoint").put("url", "http://client.example/hook/{id}");
        if (headers != null) {
            endpoint.set("headers", headers);
        }
        endpoint.set("secretHeaders", secretHeaders);
        return body;
    }

    private TestApi.Reply create(ObjectNode body) {
        return api.post(subscriptions, body.toString());
    }

    private static ObjectNode secret(String name, String value) {
        return Json.mapper().createObjectNode().put(name, value);
    }

    private static ObjectNode plain(String name, String value) {
        ObjectNode headers = Json.mapper().createObjectNode();
        headers.putArray(name).add(value);
        return headers;
    }

    private static String uniqueSecret() {
        return "Bearer " + SECRET_MARKER + "-" + UUID.randomUUID();
    }

    private List<String> written() {
        return api.producer.history().stream()
                .map(ProducerRecord::value)
                .map(value -> new String(value, StandardCharsets.UTF_8))
                .toList();
    }

    private void assertRefusedNaming(TestApi.Reply reply, String... fields) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.errorFields()).containsExactlyInAnyOrder(fields);
        assertThat(reply.body()).doesNotContain(SECRET_MARKER);
        assertThat(api.producer.history()).isEmpty();
        assertThat(api.catalog.subscriptionsOf(resource.id())).isEmpty();
    }

    @Test
    void shouldStoreTheValueSealedAndShowOnlyTheNameWhenCreatedWithASecretHeader() {
        String token = uniqueSecret();
        String apiKey = SECRET_MARKER + "-" + UUID.randomUUID();
        ObjectNode secrets = secret("Authorization", token).put("X-Api-Key", apiKey);

        TestApi.Reply created = create(body(plain("X-Plain", "p"), secrets));

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asText();
        String base = subscriptions + "/" + id;
        List<TestApi.Reply> reads = List.of(
                created,
                api.get(base),
                api.get(subscriptions),
                api.get(subscriptions + "?limit=1&offset=0"),
                api.post(base + "/resume", ""),
                api.get(base + "/status"),
                api.get(base + "/dead-letters"),
                api.get(base + "/replay"));
        List<String> sealed = List.copyOf(api.catalog
                .subscription(id)
                .orElseThrow()
                .endpoint()
                .sealedHeaders()
                .values());
        for (TestApi.Reply read : reads) {
            assertThat(read.status()).isLessThan(500);
            assertThat(read.body())
                    .doesNotContain(SECRET_MARKER)
                    .doesNotContain("sealedHeaders")
                    .doesNotContain(sealed.get(0))
                    .doesNotContain(sealed.get(1));
        }
        String names = "[\"Authorization\",\"X-Api-Key\"]";
        assertThat(created.json().at("/endpoint/secretHeaders").toString()).isEqualTo(names);
        assertThat(api.get(base).json().at("/endpoint/secretHeaders").toString())
                .isEqualTo(names);
        assertThat(api.get(subscriptions)
                        .json()
                        .at("/subscriptions/0/endpoint/secretHeaders")
                        .toString())
                .isEqualTo(names);
        assertThat(created.json().at("/endpoint/headers/X-Plain/0").asText()).isEqualTo("p");
    }

    @Test
    void shouldWriteOnlyAValueTheOperatorKeyOpensWhenTheSubscriptionIsProduced() {
        String token = uniqueSecret();

        TestApi.Reply created = create(body(null, secret("Authorization", token)));

        assertThat(created.status()).isEqualTo(201);
        assertThat(written()).isNotEmpty().allSatisfy(value -> assertThat(value).doesNotContain(SECRET_MARKER));
        ProducerRecord<String, byte[]> record = api.producer.history().get(0);
        assertThat(record.topic()).isEqualTo(TestApi.TOPICS.subscriptions());
        Subscription produced =
                JsonSerde.of(Subscription.class).deserializer().deserialize(record.topic(), record.value());
        Map<String, String> sealed = produced.endpoint().sealedHeaders();
        assertThat(sealed).containsOnlyKeys("Authorization");
        assertThat(sealed.get("Authorization")).startsWith("v1:");
        assertThat(api.secretBox.open(sealed.get("Authorization"))).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\nInjected: yes", "\n", "\r", "\u0000", "\u001b[31m", "\u007f", "caf\u00e9"})
    void shouldAnswer400WhenASecretHeaderValueHasAControlOrNonAsciiCharacter(String bad) {
        TestApi.Reply reply = create(body(null, secret("Authorization", SECRET_MARKER + bad)));

        assertRefusedNaming(reply, "endpoint.secretHeaders.Authorization");
        assertThat(reply.body()).doesNotContain("Injected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "content-length", "Transfer-Encoding", "Connection", "webhook-signature"})
    void shouldAnswer400WhenASecretHeaderIsOneFlareSets(String name) {
        TestApi.Reply reply = create(body(null, secret(name, uniqueSecret())));

        assertRefusedNaming(reply, "endpoint.secretHeaders." + name);
        assertThat(reply.json().toString()).contains("is set by Flare");
    }

    @Test
    void shouldAnswer400WhenASecretHeaderIsAlsoAPlainHeaderInAnotherCase() {
        TestApi.Reply reply = create(body(plain("authorization", "Basic x"), secret("Authorization", uniqueSecret())));

        assertRefusedNaming(reply, "endpoint.secretHeaders.Authorization");
        assertThat(reply.json().toString()).contains("endpoint.headers");
    }

    @Test
    void shouldAnswer400WhenASecretHeaderIsAlsoAHeaderOfAnActionOverride() {
        ObjectNode body = body(null, secret("X-Token", uniqueSecret()));
        ObjectNode endpoint = (ObjectNode) body.get("endpoint");
        endpoint.putObject("actions").putObject("delete").set("headers", plain("x-token", "plain"));

        assertRefusedNaming(create(body), "endpoint.secretHeaders.X-Token");
    }

    /** Creates a subscription with {@code plainCount} plain headers and {@code secretCount} secret ones. */
    private TestApi.Reply createWithHeaders(int plainCount, int secretCount, String secretValue) {
        ObjectNode headers = Json.mapper().createObjectNode();
        ObjectNode secrets = Json.mapper().createObjectNode();
        for (int i = 0; i < plainCount; i++) {
            headers.putArray("X-Plain-" + i).add("v");
        }
        for (int i = 0; i < secretCount; i++) {
            secrets.put("X-Secret-" + i, secretValue);
        }
        return create(body(headers, secrets));
    }

    @Test
    void shouldAnswer400WhenPlainAndSecretHeadersTogetherAreOverTheLimit() {
        TestApi.Reply reply = createWithHeaders(40, 25, uniqueSecret());

        assertRefusedNaming(reply, "endpoint.secretHeaders");
        assertThat(reply.json().toString()).contains("at most 64 headers");
    }

    @Test
    void shouldAcceptPlainAndSecretHeadersWhenTogetherExactlyAtTheLimit() {
        assertThat(createWithHeaders(32, 32, "x".repeat(8 * 1024)).status()).isEqualTo(201);
    }

    @Test
    void shouldNameEveryBadSecretHeaderAtOnceWithoutEchoingAValue() {
        ObjectNode secrets = secret("X-Split", SECRET_MARKER + "\r\nb")
                .put("Host", SECRET_MARKER)
                .put("X Bad", SECRET_MARKER)
                .put("X-" + "a".repeat(255), SECRET_MARKER)
                .put("X-Oversize", SECRET_MARKER + "x".repeat(8 * 1024))
                .put("X-Twice", SECRET_MARKER)
                .put("x-twice", SECRET_MARKER)
                .put("X-Number", 42)
                .put("X-Plain", SECRET_MARKER);
        secrets.putArray("X-List").add(SECRET_MARKER);
        ObjectNode headers = plain("X-Plain", "p");
        headers.putArray("Host").add("internal");

        TestApi.Reply reply = create(body(headers, secrets));

        assertRefusedNaming(
                reply,
                "endpoint.headers.Host",
                "endpoint.secretHeaders.X-Split",
                "endpoint.secretHeaders.Host",
                "endpoint.secretHeaders.X Bad",
                "endpoint.secretHeaders.X-" + "a".repeat(255),
                "endpoint.secretHeaders.X-Oversize",
                "endpoint.secretHeaders.x-twice",
                "endpoint.secretHeaders.X-Number",
                "endpoint.secretHeaders.X-Plain",
                "endpoint.secretHeaders.X-List");
    }

    @Test
    void shouldAnswer400WhenSecretHeadersIsNotAnObject() {
        ObjectNode body = body(null, null);
        ((ObjectNode) body.get("endpoint")).putArray("secretHeaders").add(SECRET_MARKER);

        assertRefusedNaming(create(body), "endpoint.secretHeaders");
    }
}
