package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.connector.ConnectorConfig;
import dev.flare.ingest.IngestConfig;
import dev.flare.launcher.LauncherConfig;
import dev.flare.launcher.Standalone;
import dev.flare.launcher.StandaloneContext;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.roles.ClusterRoles;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.config.FlareConfig;
import dev.flare.model.json.Json;
import dev.flare.topology.TopologyConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each role as its own runtime against one cluster, as `flare topology|connector|ingest-api` run them: two topology
 * instances share six partitions, and the ingest API answers document and delivery-state queries for documents
 * either instance owns.
 */
class SeparateRolesIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final int DOCUMENTS = 30;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Standalone> running = new ArrayList<>();
    private final Map<String, String> settings = new HashMap<>();

    @AfterEach
    void stop() {
        running.reversed().forEach(Standalone::close);
    }

    private String start(Function<StandaloneContext, List<dev.flare.launcher.Role>> roles, Map<String, String> own)
            throws Exception {
        Map<String, String> merged = new HashMap<>(settings);
        merged.putAll(own);
        Standalone process = new Standalone(merged, 2, roles, false);
        running.add(process);
        return process.start().announcedUrl().orElse(null);
    }

    private JsonNode status(String url) {
        try {
            return Json.mapper().readTree(send("GET", url, null).body());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + url + " failed", e);
        }
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request = json == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerQueriesForDocumentsOfEitherTopologyInstanceWhenRolesRunApart() throws Exception {
        String name = KafkaClusterExtension.uniqueName("roles");
        settings.put(FlareConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        settings.put(FlareConfig.TOPIC_PREFIX, name);
        settings.put(FlareConfig.TOPIC_PARTITIONS, "6");
        settings.put(FlareConfig.TOPIC_REPLICATION_FACTOR, "1");
        settings.put(TopologyConfig.APPLICATION_ID, name + "-topology");
        settings.put(TopologyConfig.STANDBY_REPLICAS, "0");
        settings.put(TopologyConfig.QUERY_PORT, "0");
        settings.put(ConnectorConfig.GROUP_ID, name + "-connector");
        settings.put(ConnectorConfig.RETRY_DELAYS, "200ms,400ms");
        settings.put(ConnectorConfig.ALLOWED_CIDRS, "127.0.0.0/8");
        settings.put(IngestConfig.PORT, "0");

        String topologyA = start(
                ClusterRoles::topology,
                Map.of(
                        LauncherConfig.DATA_DIR,
                                Files.createTempDirectory("topology-a").toString(),
                        TopologyConfig.STATE_DIR,
                                Files.createTempDirectory("streams-a").toString(),
                        TopologyConfig.SESSION_TIMEOUT_MS, "10000"));
        String topologyB = start(
                ClusterRoles::topology,
                Map.of(
                        LauncherConfig.DATA_DIR,
                                Files.createTempDirectory("topology-b").toString(),
                        TopologyConfig.STATE_DIR,
                                Files.createTempDirectory("streams-b").toString(),
                        TopologyConfig.SESSION_TIMEOUT_MS, "10000"));
        start(ClusterRoles::connector, Map.of(ConnectorConfig.INSTANCE_ID, "c1"));
        String api = start(ClusterRoles::ingestApi, Map.of(IngestConfig.TOPOLOGY_URL, topologyA));
        assertThat(topologyB).isNotEqualTo(topologyA);

        try (EchoReceiver receiver = EchoReceiver.start(0, null)) {
            String resourceId = Json.mapper()
                    .readTree(send(
                                    "POST",
                                    api + "/resources",
                                    "{\"endpoint\": \"http://api.company.com/users/{id}\", \"change\": {\"field\": \"v\"}}")
                            .body())
                    .path("id")
                    .asText();
            HttpResponse<String> subscribed = send(
                    "POST",
                    api + "/resources/" + resourceId + "/subscriptions",
                    "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/users/{id}\"}}".formatted(receiver.port()));
            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
            String sid = Json.mapper().readTree(subscribed.body()).path("id").asText();
            for (int user = 1; user <= DOCUMENTS; user++) {
                assertThat(send("PUT", api + "/documents/http://api.company.com/users/" + user, "{\"v\": " + user + "}")
                                .statusCode())
                        .isEqualTo(202);
            }
            FlareFixture.await(
                    "every document delivered", () -> receiver.callbacks().size() >= DOCUMENTS, Duration.ofSeconds(90));

            int ownedByOther = 0;
            for (int user = 1; user <= DOCUMENTS; user++) {
                String url = "http://api.company.com/users/" + user;
                HttpResponse<String> viaApi = send("GET", api + "/documents/" + url, null);
                assertThat(viaApi.statusCode())
                        .as("GET %s answered %s", url, viaApi.body())
                        .isEqualTo(200);
                assertThat(Json.mapper()
                                .readTree(viaApi.body())
                                .path("revision")
                                .asLong())
                        .isEqualTo(user);
                String local = topologyA + "/internal/v1/document?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)
                        + "&local=true";
                if (send("GET", local, null).statusCode() == 404) {
                    ownedByOther++;
                }
            }
            assertThat(ownedByOther)
                    .as("documents the asked topology instance does not hold")
                    .isPositive();

            // Note: a callback arrives before its result has gone back through the topology, which the status reads.
            String statusUrl = api + "/resources/" + resourceId + "/subscriptions/" + sid + "/status";
            FlareFixture.await(
                    "the status shows every document delivered",
                    () -> status(statusUrl).path("delivered").asInt() == DOCUMENTS,
                    Duration.ofSeconds(30));
            JsonNode status = status(statusUrl);
            assertThat(status.path("documents").asInt()).isEqualTo(DOCUMENTS);
            assertThat(status.path("delivered").asInt()).isEqualTo(DOCUMENTS);
        }
    }
}
