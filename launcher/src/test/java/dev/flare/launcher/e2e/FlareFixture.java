package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.connector.ConnectorConfig;
import dev.flare.ingest.IngestConfig;
import dev.flare.launcher.Role;
import dev.flare.launcher.StandaloneContext;
import dev.flare.launcher.TopicInitializer;
import dev.flare.launcher.roles.StandaloneRoles;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.Topics;
import dev.flare.model.config.FlareConfig;
import dev.flare.topology.TopologyConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * All of Flare's roles in this JVM against the test broker, as standalone mode wires them, on topics, groups and a
 * state directory of their own. {@link #restart()} stops every role and starts new ones on the same state.
 */
final class FlareFixture implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Map<String, String> settings;
    private final Path dataDir;
    private final String bootstrap;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private List<Role> roles = List.of();
    private String api;

    FlareFixture(KafkaClusterExtension kafka, Map<String, String> overrides) throws Exception {
        this.bootstrap = kafka.bootstrapServers();
        this.dataDir = Files.createTempDirectory("flare-e2e");
        String name = KafkaClusterExtension.uniqueName("e2e");
        Map<String, String> merged = new HashMap<>();
        merged.put(FlareConfig.BOOTSTRAP_SERVERS, bootstrap);
        merged.put(FlareConfig.TOPIC_PREFIX, name);
        merged.put(FlareConfig.TOPIC_PARTITIONS, "2");
        merged.put(FlareConfig.TOPIC_REPLICATION_FACTOR, "1");
        merged.put(TopologyConfig.APPLICATION_ID, name + "-topology");
        merged.put(ConnectorConfig.GROUP_ID, name + "-connector");
        merged.put(ConnectorConfig.RETRY_DELAYS, "200ms,400ms");
        merged.put(IngestConfig.PORT, "0");
        merged.putAll(overrides);
        this.settings = Map.copyOf(merged);
        FlareConfig config = new FlareConfig(settings);
        new TopicInitializer(kafka.admin(), Duration.ofSeconds(30))
                .initialize(config, new ConnectorConfig(settings).retryDelays().size());
        start();
    }

    private void start() throws Exception {
        StandaloneContext context = new StandaloneContext(settings, dataDir, bootstrap);
        List<Role> created = StandaloneRoles.create(context);
        List<Role> started = new ArrayList<>();
        roles = started;
        for (Role role : created) {
            role.start();
            started.add(role);
        }
        await("every role ready", () -> created.stream().allMatch(Role::isReady), READY_TIMEOUT);
        api = context.announcedUrl().orElseThrow();
        await("the API ready", () -> get("/health/ready").statusCode() == 200, READY_TIMEOUT);
    }

    void restart() throws Exception {
        stopRoles();
        start();
    }

    String api() {
        return api;
    }

    /** Where the roles keep their state; standalone mode also keeps its secret key ({@code secret.key}) here. */
    Path dataDir() {
        return dataDir;
    }

    Topics topics() {
        return new FlareConfig(settings).topics();
    }

    HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    HttpResponse<String> expect(int status, String method, String path, String json) {
        HttpResponse<String> response = send(method, path, json);
        assertThat(response.statusCode())
                .as("%s %s answered %s", method, path, response.body())
                .isEqualTo(status);
        return response;
    }

    static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private void stopRoles() {
        List<Role> reversed = new ArrayList<>(roles);
        Collections.reverse(reversed);
        reversed.forEach(Role::close);
        roles = List.of();
    }

    @Override
    public void close() throws IOException {
        stopRoles();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Collections.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
