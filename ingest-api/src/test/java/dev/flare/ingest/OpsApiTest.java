package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsApiTest {

    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldAnswerUpWhenLive() {
        TestApi.Reply reply = api.get("/health/live");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("status").asText()).isEqualTo("up");
    }

    @Test
    void shouldAnswer200WhenReady() {
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer503WhenNotReady() {
        api.ready.set(false);

        assertThat(api.get("/health/ready").status()).isEqualTo(503);
    }

    @Test
    void shouldAnswer503WithRetryAfterInsteadOf404UntilTheCatalogHasLoaded() {
        try (TestApi starting = TestApi.startWithCatalogLoading()) {
            starting.resource("http://api.company.com/users/{id}", "version", null);

            TestApi.Reply early = starting.put("/documents/http://api.company.com/users/1", "{\"version\": 1}");
            TestApi.Reply listing = starting.get("/resources");
            TestApi.Reply live = starting.get("/health/live");
            starting.catalog.markLoaded();
            TestApi.Reply later = starting.put("/documents/http://api.company.com/users/1", "{\"version\": 1}");

            assertThat(early.status()).isEqualTo(503);
            assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(early.json().path("detail").asText()).contains("still loading");
            assertThat(listing.status()).isEqualTo(503);
            assertThat(live.status()).isEqualTo(200);
            assertThat(later.status()).isEqualTo(202);
            assertThat(starting.producer.history()).hasSize(1);
        }
    }

    @Test
    void shouldExposePrometheusTextWithRouteTemplatesWhenScraped() {
        Resource resource = api.resource("http://api.company.com/users/{id}", "version", null);
        api.get("/resources/" + resource.id());
        api.put("/documents/http://api.company.com/users/1", "{\"version\": 1}");

        TestApi.Reply reply = api.get("/metrics");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(reply.body())
                .contains("flare_ingest_http_requests_seconds_count")
                .contains("route=\"/resources/{id}\"")
                .contains("route=\"/documents/{documentURL}\"")
                .contains("status=\"2xx\"")
                .doesNotContain(resource.id())
                .containsPattern("flare_ingest_documents_accepted_total\\{operation=\"put\"} 1");
    }
}
