package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.Resource;
import dev.flare.model.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionApiTest {

    private static final String SPEC_EXAMPLE = """
            {
              "endpoint": {
                "url": "http://client.example/wishlist/{id}",
                "method": "post",
                "headers": {"Authorization": ["Basic dXNlcjpwYXNz"]},
                "actions": {"delete": {"method": "delete"}}
              },
              "delivery": {"success": [200], "discard": [500]},
              "content": {"envelope": true, "document": true},
              "data": {"service": "user", "id": "{id}"}
            }
            """;

    private final TestApi api = TestApi.start();
    private final Resource resource = api.resource("http://api.company.com/users/{id}", "updatedAt", "RFC3339");

    @AfterEach
    void stop() {
        api.close();
    }

    private String subscriptions() {
        return "/resources/" + resource.id() + "/subscriptions";
    }

    private TestApi.Reply create(String endpoint) {
        return api.post(subscriptions(), "{\"endpoint\": " + endpoint + "}");
    }

    @Test
    void shouldCreateSubscriptionWhenBodyIsTheSpecExample() {
        TestApi.Reply reply = api.post(subscriptions(), SPEC_EXAMPLE);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode body = reply.json();
        String id = body.path("id").asText();
        assertThat(reply.header("Location")).isEqualTo(subscriptions() + "/" + id);
        assertThat(body.path("resourceId").asText()).isEqualTo(resource.id());
        assertThat(body.at("/endpoint/url").asText()).isEqualTo("http://client.example/wishlist/{id}");
        assertThat(body.at("/endpoint/headers/Authorization/0").asText()).isEqualTo("Basic dXNlcjpwYXNz");
        assertThat(body.at("/endpoint/actions").toString()).isEqualTo("{\"delete\":{\"method\":\"delete\"}}");
        assertThat(body.at("/delivery/success/0").asInt()).isEqualTo(200);
        assertThat(body.at("/delivery/discard/0").asInt()).isEqualTo(500);
        assertThat(body.at("/data/id").asText()).isEqualTo("{id}");
    }

    @Test
    void shouldProduceSubscriptionKeyedByResourceAndIdWhenCreated() {
        String id = api.post(subscriptions(), SPEC_EXAMPLE).json().path("id").asText();

        assertThat(api.producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test-subscriptions");
            assertThat(record.key()).isEqualTo(resource.id() + "/" + id);
        });
        assertThat(api.catalog.subscription(id)).isPresent();
    }

    @Test
    void shouldApplyDefaultsWhenOnlyTheUrlIsGiven() {
        JsonNode body = create("{\"url\": \"https://client.example/hook\"}").json();

        assertThat(body.at("/endpoint/method").asText()).isEqualTo("post");
        assertThat(body.at("/content/envelope").asBoolean()).isTrue();
        assertThat(body.at("/content/document").asBoolean()).isTrue();
    }

    @Test
    void shouldStoreMethodInLowerCaseWhenSentInUpperCase() {
        JsonNode body = create("{\"url\": \"https://client.example/hook\", \"method\": \"PUT\"}")
                .json();

        assertThat(body.at("/endpoint/method").asText()).isEqualTo("put");
    }

    @Test
    void shouldIgnoreUnknownTopLevelFieldsWhenCreating() {
        TestApi.Reply reply = api.post(subscriptions(), """
                {"endpoint": {"url": "https://client.example/hook"}, "backfill": true, "future": {"x": 1}}""");

        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void shouldAnswer404WhenResourceIsUnknown() {
        TestApi.Reply reply = api.post("/resources/nope/subscriptions", SPEC_EXAMPLE);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer409WhenSameUrlAndMethodAreSubscribed() {
        api.subscription(resource, "http://client.example/wishlist/{id}", "post");

        TestApi.Reply reply = create("{\"url\": \"http://client.example/wishlist/{id}\", \"method\": \"POST\"}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAcceptSameUrlWhenMethodDiffers() {
        api.subscription(resource, "http://client.example/wishlist/{id}", "post");

        TestApi.Reply reply = create("{\"url\": \"http://client.example/wishlist/{id}\", \"method\": \"put\"}");

        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void shouldAnswer400WhenHeaderValueHasCrLf() {
        TestApi.Reply reply = create("""
                {"url": "http://client.example/hook", "headers": {"X-Bad": ["ok\\r\\nInjected: yes"]}}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("endpoint.headers.X-Bad[0]");
        assertThat(reply.body()).doesNotContain("Injected");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenHeaderNameIsReservedOrInvalid() {
        TestApi.Reply reply = create("""
                {"url": "http://client.example/hook",
                 "headers": {"Host": ["x"], "webhook-id": ["x"], "Bad Name": ["x"], "Content-Length": ["1"]}}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields())
                .containsExactlyInAnyOrder(
                        "endpoint.headers.Host",
                        "endpoint.headers.webhook-id",
                        "endpoint.headers.Bad Name",
                        "endpoint.headers.Content-Length");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenDataIsSentWithoutTheEnvelope() {
        TestApi.Reply reply = api.post(subscriptions(), """
                {"endpoint": {"url": "http://client.example/hook"},
                 "content": {"envelope": false, "document": true},
                 "data": {"service": "user"}}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("data");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenUrlOrDataUseUnknownWildcards() {
        TestApi.Reply reply = api.post(subscriptions(), """
                {"endpoint": {"url": "http://client.example/{tenant}/{id}"},
                 "data": {"nested": {"list": ["{id}", "{other}"]}}}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("endpoint.url", "data.nested.list[1]");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldReportEveryViolationAtOnceWhenSeveralFieldsAreInvalid() {
        TestApi.Reply reply = api.post(subscriptions(), """
                {"endpoint": {"url": "mailto:someone", "method": "TRACE",
                              "actions": {"remove": {}, "update": {"url": "ftp://x/y"}}},
                 "delivery": {"success": [200, 204], "discard": [410, 204, 99]},
                 "content": {"envelope": false, "document": false}}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields())
                .containsExactlyInAnyOrder(
                        "endpoint.url",
                        "endpoint.method",
                        "endpoint.actions.remove",
                        "endpoint.actions.update.url",
                        "delivery.discard[1]",
                        "delivery.discard[2]",
                        "content");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenEndpointIsMissing() {
        TestApi.Reply reply = api.post(subscriptions(), "{}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("endpoint");
    }

    @Test
    void shouldListSubscriptionsOfTheResourceOnlyWhenOthersExist() {
        Subscription own = api.subscription(resource, "http://client.example/a", "post");
        Resource other = api.resource("http://api.company.com/orders/{id}", "version", null);
        api.subscription(other, "http://client.example/b", "post");

        JsonNode body = api.get(subscriptions()).json();

        assertThat(body.at("/pagination/limit").asInt()).isEqualTo(30);
        assertThat(body.at("/pagination/total").asInt()).isEqualTo(1);
        assertThat(body.path("subscriptions"))
                .singleElement()
                .satisfies(s -> assertThat(s.path("id").asText()).isEqualTo(own.id()));
    }

    @Test
    void shouldReturnSubscriptionWhenItBelongsToTheResource() {
        Subscription subscription = api.subscription(resource, "http://client.example/a", "post");

        TestApi.Reply reply = api.get(subscriptions() + "/" + subscription.id());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/endpoint/url").asText()).isEqualTo("http://client.example/a");
    }

    @Test
    void shouldAnswer404WhenSubscriptionBelongsToAnotherResource() {
        Resource other = api.resource("http://api.company.com/orders/{id}", "version", null);
        Subscription foreign = api.subscription(other, "http://client.example/b", "post");

        assertThat(api.get(subscriptions() + "/" + foreign.id()).status()).isEqualTo(404);
    }

    @Test
    void shouldProduceTombstoneAndForgetSubscriptionWhenDeleted() {
        Subscription subscription = api.subscription(resource, "http://client.example/a", "post");

        TestApi.Reply reply = api.delete(subscriptions() + "/" + subscription.id());

        assertThat(reply.status()).isEqualTo(204);
        assertThat(api.producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("test-subscriptions");
            assertThat(record.key()).isEqualTo(subscription.key());
            assertThat(record.value()).isNull();
        });
        assertThat(api.catalog.subscription(subscription.id())).isEmpty();
    }
}
