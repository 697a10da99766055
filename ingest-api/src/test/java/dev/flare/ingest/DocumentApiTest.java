package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.DocumentChange;
import dev.flare.model.DocumentState;
import dev.flare.model.Resource;
import dev.flare.model.StateUnavailableException;
import dev.flare.model.json.Json;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.json.RawJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DocumentApiTest {

    private static final String URL = "http://api.company.com/users/42";

    private final TestApi api = TestApi.start();
    private final Resource resource = api.resource("http://api.company.com/users/{id}", "meta.version", null);

    @AfterEach
    void stop() {
        api.close();
    }

    private static DocumentChange change(ProducerRecord<String, byte[]> record) {
        return JsonSerde.of(DocumentChange.class).deserializer().deserialize(record.topic(), record.value());
    }

    @Test
    void shouldAcceptPutWhenVersionIsReadable() {
        TestApi.Reply reply = api.put("/documents/" + URL, "{\"name\": \"Ada\", \"meta\": {\"version\": 7}}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("id").asText()).isEqualTo(URL);
        assertThat(reply.json().path("revision").asLong()).isEqualTo(7);
        assertThat(reply.json().path("status").asText()).isEqualTo("accepted");
    }

    @Test
    void shouldProduceDocumentChangeKeyedByUrlWhenPut() {
        api.put("/documents/" + URL, "{\"meta\": {\"version\": \"7\"}}");

        assertThat(api.producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test-documents");
            assertThat(record.key()).isEqualTo(URL);
            DocumentChange change = change(record);
            assertThat(change.resourceId()).isEqualTo(resource.id());
            assertThat(change.revision()).isEqualTo(7);
            assertThat(change.deleted()).isFalse();
            assertThat(change.content().toTree().at("/meta/version").asText()).isEqualTo("7");
        });
    }

    @Test
    void shouldRenderDateRevisionAsRfc3339WhenResourceUsesADateFormat() {
        api.resource("http://api.company.com/orders/{id}", "updatedAt", "2006-01-02T15:04:05Z07:00");

        TestApi.Reply reply =
                api.put("/documents/http://api.company.com/orders/9", "{\"updatedAt\": \"2024-05-01T10:00:00+02:00\"}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("revision").asText()).isEqualTo("2024-05-01T08:00:00Z");
    }

    @Test
    void shouldDecodeUrlOnceWhenSentPercentEncoded() {
        TestApi.Reply reply =
                api.put("/documents/http%3A%2F%2Fapi.company.com%2Fusers%2F42", "{\"meta\": {\"version\": 1}}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(api.producer.history())
                .singleElement()
                .satisfies(record -> assertThat(record.key()).isEqualTo(URL));
    }

    @Test
    void shouldKeepQueryInTheUrlWhenDocumentUrlHasOne() {
        api.put("/documents/" + URL + "?lang=en", "{\"meta\": {\"version\": 1}}");

        assertThat(api.producer.history())
                .singleElement()
                .satisfies(record -> assertThat(record.key()).isEqualTo(URL + "?lang=en"));
    }

    @Test
    void shouldAnswer404WhenNoResourceMatchesTheUrl() {
        TestApi.Reply reply = api.put("/documents/http://other.example/users/42", "{\"meta\": {\"version\": 1}}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenUrlIsNotAnHttpUrl() {
        TestApi.Reply reply = api.put("/documents/ftp://api.company.com/users/42", "{\"meta\": {\"version\": 1}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("documentURL");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenVersionIsMissing() {
        TestApi.Reply reply = api.put("/documents/" + URL, "{\"name\": \"Ada\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("meta.version");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenVersionIsUnparseable() {
        TestApi.Reply reply = api.put("/documents/" + URL, "{\"meta\": {\"version\": \"seven\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("meta.version");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenBodyIsNotAnObject() {
        TestApi.Reply reply = api.put("/documents/" + URL, "[1, 2]");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldProduceDeleteWhenDocumentIsDeleted() {
        TestApi.Reply reply = api.delete("/documents/" + URL);

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("id").asText()).isEqualTo(URL);
        assertThat(api.producer.history()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(URL);
            assertThat(change(record).deleted()).isTrue();
        });
    }

    @Test
    void shouldAnswer404WhenDeletingUrlNoResourceMatches() {
        assertThat(api.delete("/documents/http://other.example/users/42").status())
                .isEqualTo(404);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldReturnDocumentStateWhenTopologyHasIt() {
        JsonNode content = json("{\"meta\": {\"version\": 3}}");
        Instant at = Instant.parse("2024-05-01T08:00:00Z");
        api.documents.set(
                url -> Optional.of(new DocumentState(url, resource.id(), 3, false, false, RawJson.of(content), at)));

        TestApi.Reply reply = api.get("/documents/" + URL);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("id").asText()).isEqualTo(URL);
        assertThat(reply.json().path("revision").asLong()).isEqualTo(3);
        assertThat(reply.json().path("updatedAt").asText()).isEqualTo("2024-05-01T08:00:00Z");
        assertThat(reply.json().path("deleted").asBoolean()).isFalse();
        assertThat(reply.json().path("content")).isEqualTo(content);
    }

    @Test
    void shouldOmitContentWhenDocumentIsDeleted() {
        api.documents.set(url -> Optional.of(
                new DocumentState(url, resource.id(), 3, true, false, RawJson.of(json("{}")), Instant.EPOCH)));

        JsonNode body = api.get("/documents/" + URL).json();

        assertThat(body.path("deleted").asBoolean()).isTrue();
        assertThat(body.has("content")).isFalse();
    }

    @Test
    void shouldAnswer404WhenDocumentIsUnknown() {
        assertThat(api.get("/documents/" + URL).status()).isEqualTo(404);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenStateIsUnavailable() {
        api.documents.set(url -> {
            throw new StateUnavailableException("rebalancing", null);
        });

        TestApi.Reply reply = api.get("/documents/" + URL);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(reply.body()).doesNotContain("rebalancing");
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
