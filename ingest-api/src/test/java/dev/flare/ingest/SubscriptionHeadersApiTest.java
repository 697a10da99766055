package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.Resource;
import dev.flare.model.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Subscription headers that could split or smuggle a request, or that Flare sets itself, are refused with a 400
 * naming each one, never echoing a value, and nothing is written.
 */
class SubscriptionHeadersApiTest {

    private static final String SECRET_MARKER = "s3cr3t-value";

    private final TestApi api = TestApi.start();
    private final Resource resource = api.resource("http://api.company.com/users/{id}", "version", null);

    @AfterEach
    void stop() {
        api.close();
    }

    /** A subscription body with {@code headers} built by Jackson, so any character reaches the server intact. */
    private TestApi.Reply createWithHeaders(ObjectNode headers) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode endpoint = body.putObject("endpoint").put("url", "http://client.example/hook/{id}");
        endpoint.set("headers", headers);
        return api.post("/resources/" + resource.id() + "/subscriptions", body.toString());
    }

    private static ObjectNode header(String name, String value) {
        ObjectNode headers = Json.mapper().createObjectNode();
        headers.putArray(name).add(value);
        return headers;
    }

    private void assertRefusedNaming(TestApi.Reply reply, String... fields) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.json().path("status").asInt()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder(fields);
        assertThat(reply.body()).doesNotContain(SECRET_MARKER);
        assertThat(api.producer.history()).isEmpty();
        assertThat(api.catalog.subscriptionsOf(resource.id())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\r\nInjected: yes",
                "\nInjected: yes",
                "\rInjected: yes",
                "\r\n\r\nGET /smuggled HTTP/1.1",
                "\u0000",
                "\u0001",
                "\u0008",
                "\u000b",
                "\u000c",
                "\u001b[31m",
                "\u007f",
                "\u0085",
                "\u2028",
                "caf\u00e9",
                "\ud83d\udd11"
            })
    void shouldAnswer400WhenAHeaderValueHasAControlOrNonAsciiCharacter(String bad) {
        TestApi.Reply reply = createWithHeaders(header("X-Token", SECRET_MARKER + bad));

        assertRefusedNaming(reply, "endpoint.headers.X-Token[0]");
        assertThat(reply.body()).doesNotContain("Injected").doesNotContain("smuggled");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "X-Bad\r\nInjected",
                "X-Bad\n",
                "X-Bad\u0000",
                "X Bad",
                "X-Bad:",
                "X-Bad\t",
                "(X-Bad)",
                "X-B\u00e4d",
                "X/Bad",
                "\"X-Bad\"",
                ""
            })
    void shouldAnswer400WhenAHeaderNameIsNotAnHttpToken(String name) {
        assertRefusedNaming(createWithHeaders(header(name, "v")), "endpoint.headers." + name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Host",
                "host",
                "Content-Length",
                "Transfer-Encoding",
                "TRANSFER-ENCODING",
                "Connection",
                "webhook-id",
                "webhook-timestamp",
                "webhook-signature",
                "Webhook-Signature",
                "webhook-anything"
            })
    void shouldAnswer400WhenAHeaderIsOneFlareSets(String name) {
        TestApi.Reply reply = createWithHeaders(header(name, SECRET_MARKER));

        assertRefusedNaming(reply, "endpoint.headers." + name);
        assertThat(reply.json().toString()).contains("is set by Flare");
    }

    @Test
    void shouldAnswer400WhenAHeaderValueIsOverTheSizeLimit() {
        String oversize = SECRET_MARKER + "x".repeat(8 * 1024);

        TestApi.Reply reply = createWithHeaders(header("Authorization", oversize));

        assertRefusedNaming(reply, "endpoint.headers.Authorization[0]");
        assertThat(reply.json().toString()).contains("8192 bytes");
    }

    @Test
    void shouldAcceptAHeaderValueWhenItIsExactlyAtTheSizeLimit() {
        assertThat(createWithHeaders(header("Authorization", "x".repeat(8 * 1024)))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void shouldAnswer400WhenAHeaderNameIsOverTheSizeLimit() {
        String name = "X-" + "a".repeat(255);

        assertRefusedNaming(createWithHeaders(header(name, "v")), "endpoint.headers." + name);
    }

    @Test
    void shouldAnswer400WhenThereAreTooManyHeaders() {
        ObjectNode headers = Json.mapper().createObjectNode();
        for (int i = 0; i <= 64; i++) {
            headers.putArray("X-Header-" + i).add("v");
        }

        TestApi.Reply reply = createWithHeaders(headers);

        assertRefusedNaming(reply, "endpoint.headers");
        assertThat(reply.json().toString()).contains("at most 64 headers");
    }

    @Test
    void shouldAnswer400WhenTheSameHeaderIsGivenTwiceInAnotherCase() {
        ObjectNode headers = header("X-Tenant", "a");
        headers.putArray("x-tenant").add("b");

        assertRefusedNaming(createWithHeaders(headers), "endpoint.headers.x-tenant");
    }

    @Test
    void shouldNameEveryBadHeaderAtOnceIncludingThoseOfActionOverrides() {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode endpoint = body.putObject("endpoint").put("url", "http://client.example/hook/{id}");
        ObjectNode headers = endpoint.putObject("headers");
        headers.putArray("X-Split").add("a\r\nb");
        headers.putArray("Host").add("internal");
        ObjectNode override = endpoint.putObject("actions").putObject("delete").putObject("headers");
        override.putArray("X-Nul").add(SECRET_MARKER + "\u0000");
        override.putArray("webhook-id").add("forged");

        TestApi.Reply reply = api.post("/resources/" + resource.id() + "/subscriptions", body.toString());

        assertRefusedNaming(
                reply,
                "endpoint.headers.X-Split[0]",
                "endpoint.headers.Host",
                "endpoint.actions.delete.headers.X-Nul[0]",
                "endpoint.actions.delete.headers.webhook-id");
    }

    @Test
    void shouldAcceptATabInsideAHeaderValueWhenOtherwisePrintable() {
        assertThat(createWithHeaders(header("X-List", "a\tb c")).status()).isEqualTo(201);
    }
}
