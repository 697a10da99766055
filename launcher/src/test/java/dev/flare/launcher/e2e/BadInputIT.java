package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every rejected request gets its documented problem JSON, and nothing of it reaches Kafka. */
class BadInputIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private FlareFixture flare;

    @BeforeEach
    void start() throws Exception {
        flare = new FlareFixture(KAFKA, Map.of("flare.ingest.max.body.bytes", "1024"));
        flare.expect(
                201,
                "POST",
                "/resources",
                "{\"endpoint\": \"http://api.company.com/users/{id}\", \"change\": {\"field\": \"version\"}}");
    }

    @AfterEach
    void stop() throws Exception {
        flare.close();
    }

    private long recordsOn(String topic, int partitions) throws Exception {
        long total = 0;
        for (int partition = 0; partition < partitions; partition++) {
            total += KAFKA.admin()
                    .listOffsets(Map.of(new TopicPartition(topic, partition), OffsetSpec.latest()))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next()
                    .offset();
        }
        return total;
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("type") && body.has("title") && body.has("detail")).isTrue();
        return body;
    }

    @Test
    void shouldAnswerEachBadRequestWithItsProblemAndWriteNothing() throws Exception {
        long resourcesBefore = recordsOn(flare.topics().resources(), 1);
        String doc = "/documents/http://api.company.com/users/42";

        problem(flare.send("PUT", doc, "{\"version\": 1,"), 400);
        problem(flare.send("PUT", "/documents/http://api.company.com/orders/1", "{\"version\": 1}"), 404);
        assertThat(problem(flare.send("PUT", doc, "{\"name\": \"no version\"}"), 400)
                        .toString())
                .contains("version");
        assertThat(problem(flare.send("PUT", doc, "{\"version\": \"one\"}"), 400)
                        .toString())
                .contains("version");
        JsonNode template =
                problem(flare.send("POST", "/resources", "{\"endpoint\": \"ftp://x/{a}{b}\", \"change\": {}}"), 400);
        assertThat(template.get("errors")).hasSizeGreaterThanOrEqualTo(2);
        problem(flare.send("PATCH", "/resources", "{}"), 405);
        problem(flare.send("PUT", doc, "{\"version\": 1, \"pad\": \"" + "x".repeat(2048) + "\"}"), 413);

        assertThat(recordsOn(flare.topics().documents(), 2)).isZero();
        assertThat(recordsOn(flare.topics().resources(), 1)).isEqualTo(resourcesBefore);
    }
}
