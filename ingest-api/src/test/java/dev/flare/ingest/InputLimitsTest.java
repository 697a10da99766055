package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.ingest.internal.ApiHandler;
import dev.flare.ingest.internal.EndpointRules;
import dev.flare.model.Resource;
import dev.flare.model.json.Json;
import dev.flare.model.template.UrlTemplate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limits on what one request may hold (spec §9): each is answered with a 4xx problem, or by the JDK server
 * closing the connection, and nothing reaches Kafka.
 */
class InputLimitsTest {

    private static final String DOCUMENTS = "/documents/http://api.company.com/users/";
    private static final int FOUR_MIB = 4 * 1024 * 1024;

    // Note: a body limit above Json.MAX_STRING_LENGTH, so the string limit is what refuses a long string.
    private final TestApi api = TestApi.start(true, Map.of(IngestConfig.MAX_BODY_BYTES, Integer.toString(FOUR_MIB)));
    private final Resource users = api.resource("http://api.company.com/users/{id}", "version", null);

    @AfterEach
    void stop() {
        api.close();
    }

    private static String nested(int depth) {
        return "{\"version\": 1, \"a\": " + "{\"a\": ".repeat(depth - 2) + "{}" + "}".repeat(depth - 1);
    }

    private void assertRefused(TestApi.Reply reply, int status, String type) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.json().path("status").asInt()).isEqualTo(status);
        assertThat(reply.json().path("type").asText()).endsWith("/" + type);
        assertThat(api.producer.history()).isEmpty();
    }

    private void assertClosedWithoutAnswer(String head) {
        RawHttp.Reply reply = RawHttp.exchange(api.uri("/"), head.getBytes(StandardCharsets.ISO_8859_1), false);

        assertThat(reply.status()).isEqualTo(-1);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAcceptADocumentNestedExactlyToTheLimit() {
        assertThat(api.put(DOCUMENTS + "1", nested(Json.MAX_NESTING_DEPTH)).status())
                .isEqualTo(202);
    }

    @Test
    void shouldAnswer400WhenJsonIsNestedDeeperThanTheLimit() {
        assertRefused(api.put(DOCUMENTS + "1", nested(Json.MAX_NESTING_DEPTH + 1)), 400, "malformed-request");
    }

    @Test
    void shouldAnswer400WhenANumberIsLongerThanTheLimit() {
        String number = "1".repeat(Json.MAX_NUMBER_LENGTH + 1);

        assertRefused(api.put(DOCUMENTS + "1", "{\"version\": 1, \"n\": " + number + "}"), 400, "malformed-request");
    }

    @Test
    void shouldAnswer400WhenAStringIsLongerThanTheLimit() {
        String text = "x".repeat(Json.MAX_STRING_LENGTH + 1);

        assertRefused(api.put(DOCUMENTS + "1", "{\"version\": 1, \"s\": \"" + text + "\"}"), 400, "malformed-request");
    }

    @Test
    void shouldAnswer400WhenAFieldNameIsLongerThanTheLimit() {
        String name = "n".repeat(Json.MAX_NAME_LENGTH + 1);

        assertRefused(api.put(DOCUMENTS + "1", "{\"version\": 1, \"" + name + "\": 1}"), 400, "malformed-request");
    }

    @Test
    void shouldAnswer413WhenTheBodyIsOverTheLimit() {
        String text = "x".repeat(FOUR_MIB);

        assertRefused(api.put(DOCUMENTS + "1", "{\"version\": 1, \"s\": \"" + text + "\"}"), 413, "payload-too-large");
    }

    @Test
    void shouldAnswer413AndKeepTheConnectionWhenTheClientSendsTheWholeBodyBeforeReading() {
        String refused = "{\"version\": 1, \"s\": \"" + "x".repeat(FOUR_MIB) + "\"}";
        String accepted = "{\"version\": 1}";
        String requests = put("1", refused) + put("2", accepted);

        List<RawHttp.Reply> replies =
                RawHttp.exchange(api.uri("/"), requests.getBytes(StandardCharsets.UTF_8), false, 2);

        assertThat(replies).extracting(RawHttp.Reply::status).containsExactly(413, 202);
    }

    private static String put(String id, String body) {
        return "PUT " + DOCUMENTS + id + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void shouldAnswer414WhenTheRequestTargetIsOverTheLimit() {
        String id = "1".repeat(ApiHandler.MAX_TARGET_LENGTH);

        assertRefused(api.put(DOCUMENTS + id, "{\"version\": 1}"), 414, "uri-too-long");
    }

    @Test
    void shouldAnswer400NamingTheUrlWhenADocumentUrlIsOverTheLimit() {
        String id = "1".repeat(UrlTemplate.MAX_URL_LENGTH);
        TestApi.Reply reply = api.put(DOCUMENTS + id, "{\"version\": 1}");

        assertRefused(reply, 400, "invalid-request");
        assertThat(reply.errorFields()).containsExactly("documentURL");
    }

    @Test
    void shouldCloseWithoutAnswerWhenARequestHasTooManyHeaders() {
        StringBuilder head = new StringBuilder("PUT " + DOCUMENTS + "1 HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < IngestServer.MAX_REQUEST_HEADERS; i++) {
            head.append("X-Header-").append(i).append(": v\r\n");
        }
        head.append("Content-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"version\": 1}\n");

        assertClosedWithoutAnswer(head.toString());
    }

    @Test
    void shouldCloseWithoutAnswerWhenRequestHeadersAreOverTheSizeLimit() {
        String big = "v".repeat(IngestServer.MAX_REQUEST_HEAD_BYTES);

        assertClosedWithoutAnswer("PUT " + DOCUMENTS + "1 HTTP/1.1\r\nHost: x\r\nX-Big: " + big
                + "\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"version\": 1}\n");
    }

    @Test
    void shouldCloseWithoutAnswerWhenTheRequestLineIsOverTheSizeLimit() {
        String id = "1".repeat(IngestServer.MAX_REQUEST_HEAD_BYTES);

        assertClosedWithoutAnswer(
                "PUT " + DOCUMENTS + id
                        + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"version\": 1}\n");
    }

    private TestApi.Reply subscribe(String headers) {
        return api.post(
                "/resources/" + users.id() + "/subscriptions",
                "{\"endpoint\": {\"url\": \"http://client.example/hook\", \"headers\": {" + headers + "}}}");
    }

    @Test
    void shouldAnswer400NamingTheHeaderWhenASubscriptionHeaderValueIsOverTheLimit() {
        String value = "v".repeat(EndpointRules.MAX_HEADER_VALUE_BYTES + 1);
        TestApi.Reply reply = subscribe("\"X-Token\": [\"ok\", \"" + value + "\"]");

        assertRefused(reply, 400, "invalid-request");
        assertThat(reply.errorFields()).containsExactly("endpoint.headers.X-Token[1]");
    }

    @Test
    void shouldAnswer400NamingTheHeaderWhenASubscriptionHeaderNameIsOverTheLimit() {
        String name = "X".repeat(EndpointRules.MAX_HEADER_NAME_LENGTH + 1);
        TestApi.Reply reply = subscribe("\"" + name + "\": [\"v\"]");

        assertRefused(reply, 400, "invalid-request");
        assertThat(reply.errorFields()).containsExactly("endpoint.headers." + name);
    }

    @Test
    void shouldAnswer400WhenASubscriptionHasTooManyHeaders() {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i <= EndpointRules.MAX_HEADERS; i++) {
            headers.append(i == 0 ? "" : ", ").append("\"X-H").append(i).append("\": [\"v\"]");
        }
        TestApi.Reply reply = subscribe(headers.toString());

        assertRefused(reply, 400, "invalid-request");
        assertThat(reply.errorFields()).containsExactly("endpoint.headers");
    }
}
