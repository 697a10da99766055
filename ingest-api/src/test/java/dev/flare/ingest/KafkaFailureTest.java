package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaFailureTest {

    private static final String RESOURCE = """
            {"endpoint": "http://api.company.com/users/{id}", "change": {"field": "version"}}""";

    private final TestApi api = TestApi.start(false, Map.of(IngestConfig.PRODUCE_TIMEOUT_MS, "5000"));

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldAnswer503AndLeaveCatalogUnchangedWhenTheWriteFails() throws Exception {
        CompletableFuture<HttpResponse<String>> response;
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = client.sendAsync(
                    api.method("POST", "/resources", RESOURCE).build(), HttpResponse.BodyHandlers.ofString());
            awaitSend();
            assertThat(api.producer.errorNext(new KafkaException("broker down")))
                    .isTrue();

            HttpResponse<String> reply = response.get(10, TimeUnit.SECONDS);

            assertThat(reply.statusCode()).isEqualTo(503);
            assertThat(reply.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(reply.body()).doesNotContain("broker down").doesNotContain("Exception");
            assertThat(api.catalog.resources()).isEmpty();
        }
    }

    @Test
    void shouldAnswer413NotARetryWhenTheRecordIsOverKafkasSizeLimit() throws Exception {
        api.resource("http://api.company.com/users/{id}", "version", null);
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                    api.method("PUT", "/documents/http://api.company.com/users/1", "{\"version\": 1}")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitSend();
            assertThat(api.producer.errorNext(new RecordTooLargeException("too large")))
                    .isTrue();

            HttpResponse<String> reply = response.get(10, TimeUnit.SECONDS);

            assertThat(reply.statusCode()).isEqualTo(413);
            assertThat(reply.headers().firstValue("Retry-After")).isEmpty();
            assertThat(reply.body()).contains("record size limit").doesNotContain("Exception");
        }
    }

    @Test
    void shouldAnswer503WhenKafkaDoesNotAcknowledgeInTime() {
        try (TestApi slow = TestApi.start(false, Map.of(IngestConfig.PRODUCE_TIMEOUT_MS, "100"))) {
            slow.resource("http://api.company.com/users/{id}", "version", null);

            TestApi.Reply reply = slow.put("/documents/http://api.company.com/users/1", "{\"version\": 1}");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isEqualTo("1");
        }
    }

    private void awaitSend() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (api.producer.history().isEmpty()) {
            assertThat(System.nanoTime()).as("a record is sent").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
