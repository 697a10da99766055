package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceApiTest {

    private static final String SPEC_EXAMPLE = """
            {"endpoint": "http://api.company.com/users/{id}",
             "change": {"field": "updatedAt", "format": "2006-01-02T15:04:05Z07:00"}}
            """;

    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldCreateResourceWhenBodyIsTheSpecExample() {
        TestApi.Reply reply = api.post("/resources", SPEC_EXAMPLE);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode body = reply.json();
        String id = body.path("id").asText();
        assertThat(reply.header("Location")).isEqualTo("/resources/" + id);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(body.path("endpoint").asText()).isEqualTo("http://api.company.com/users/{id}");
        assertThat(body.path("change").path("field").asText()).isEqualTo("updatedAt");
        assertThat(body.path("change").path("format").asText()).isEqualTo("2006-01-02T15:04:05Z07:00");
        assertThat(body.path("createdAt").asText()).endsWith("Z");
    }

    @Test
    void shouldProduceResourceAndUpdateCatalogWhenCreated() {
        String id = api.post("/resources", SPEC_EXAMPLE).json().path("id").asText();

        assertThat(api.producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test-resources");
            assertThat(record.key()).isEqualTo(id);
            assertThat(record.value()).isNotNull();
        });
        assertThat(api.catalog.resource(id)).isPresent();
    }

    @Test
    void shouldListResourcesWithDefaultPaginationWhenNoParametersGiven() {
        api.resource("http://a.example/users/{id}", "version", null);
        api.resource("http://b.example/users/{id}", "version", null);

        JsonNode body = api.get("/resources").json();

        assertThat(body.path("pagination").path("limit").asInt()).isEqualTo(30);
        assertThat(body.path("pagination").path("offset").asInt()).isZero();
        assertThat(body.path("pagination").path("total").asInt()).isEqualTo(2);
        assertThat(body.path("resources")).hasSize(2);
    }

    @Test
    void shouldReturnOnePageWhenLimitAndOffsetGiven() {
        api.resource("http://a.example/users/{id}", "version", null);
        Resource second = api.resource("http://b.example/users/{id}", "version", null);
        api.resource("http://c.example/users/{id}", "version", null);

        JsonNode body = api.get("/resources?limit=1&offset=1").json();

        assertThat(body.path("pagination").path("limit").asInt()).isEqualTo(1);
        assertThat(body.path("pagination").path("total").asInt()).isEqualTo(3);
        assertThat(body.path("resources"))
                .singleElement()
                .satisfies(r -> assertThat(r.path("id").asText()).isEqualTo(second.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=101", "limit=abc", "limit=-1", "offset=-5"})
    void shouldRejectPaginationWhenOutOfRangeOrNotANumber(String query) {
        TestApi.Reply reply = api.get("/resources?" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly(query.substring(0, query.indexOf('=')));
    }

    @Test
    void shouldReturnResourceWhenItExists() {
        Resource resource = api.resource("http://a.example/users/{id}", "version", null);

        TestApi.Reply reply = api.get("/resources/" + resource.id());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("endpoint").asText()).isEqualTo(resource.endpoint());
    }

    @Test
    void shouldAnswer404WhenResourceIsUnknown() {
        TestApi.Reply reply = api.get("/resources/nope");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void shouldProduceTombstoneAndForgetResourceWhenDeleted() {
        Resource resource = api.resource("http://a.example/users/{id}", "version", null);

        TestApi.Reply reply = api.delete("/resources/" + resource.id());

        assertThat(reply.status()).isEqualTo(204);
        assertThat(api.producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test-resources");
            assertThat(record.key()).isEqualTo(resource.id());
            assertThat(record.value()).isNull();
        });
        assertThat(api.catalog.resource(resource.id())).isEmpty();
    }

    @Test
    void shouldAnswer404WhenDeletingUnknownResource() {
        assertThat(api.delete("/resources/nope").status()).isEqualTo(404);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer409WhenDeletingResourceWithSubscriptions() {
        Resource resource = api.resource("http://a.example/users/{id}", "version", null);
        api.subscription(resource, "http://client.example/hook", "post");

        TestApi.Reply reply = api.delete("/resources/" + resource.id());

        assertThat(reply.status()).isEqualTo(409);
        assertThat(api.producer.history()).isEmpty();
        assertThat(api.catalog.resource(resource.id())).isPresent();
    }

    @Test
    void shouldAnswer409WhenTemplateHasTheShapeOfAnExistingOne() {
        api.resource("http://api.company.com/users/{userId}", "version", null);

        TestApi.Reply reply = api.post("/resources", SPEC_EXAMPLE);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldListEveryTemplateProblemWhenEndpointIsInvalid() {
        TestApi.Reply reply = api.post("/resources", """
                {"endpoint": "ftp://host/a{id}/{x}/{x}", "change": {"field": "version"}}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).hasSizeGreaterThanOrEqualTo(3).containsOnly("endpoint");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldNameEveryBadFieldWhenSeveralAreInvalid() {
        TestApi.Reply reply = api.post("/resources", """
                {"endpoint": 42, "change": {"format": "{bad"}}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("endpoint", "change.field", "change.format");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenChangeIsMissing() {
        TestApi.Reply reply = api.post("/resources", """
                {"endpoint": "http://api.company.com/users/{id}"}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("change.field");
        assertThat(api.producer.history()).isEmpty();
    }
}
