package dev.flare.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flare.connector.ConnectorConfig;
import dev.flare.ingest.IngestConfig;
import dev.flare.launcher.LauncherConfig;
import dev.flare.launcher.Standalone;
import dev.flare.launcher.StandaloneContext;
import dev.flare.launcher.roles.StandaloneRoles;
import dev.flare.topology.TopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Standalone Flare in this JVM (embedded broker, every role) on a fresh temporary data directory, plus the few
 * API calls the scenarios need to set themselves up.
 */
public final class FlareInstance implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Standalone standalone;
    private final Path dataDir;
    private final StandaloneContext context;
    private final String api;
    private final String guarantee;
    private final Map<String, String> settings;
    private static final String PUTS_WRITTEN = "flare_ingest_documents_accepted_total{operation=\"put\"}";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private FlareInstance(
            Standalone standalone,
            Path dataDir,
            StandaloneContext context,
            String guarantee,
            Map<String, String> settings) {
        this.standalone = standalone;
        this.dataDir = dataDir;
        this.context = context;
        this.api = context.announcedUrl().orElseThrow();
        this.guarantee = guarantee;
        this.settings = Map.copyOf(settings);
    }

    /** The settings the bench runs Flare with; {@code overrides} win. */
    public static Map<String, String> settings(String guarantee, Path dataDir, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put(LauncherConfig.DATA_DIR, dataDir.toString());
        settings.put(LauncherConfig.EMBEDDED_KAFKA_PORT, "0");
        settings.put(LauncherConfig.EMBEDDED_KAFKA_CONTROLLER_PORT, "0");
        settings.put(IngestConfig.PORT, "0");
        settings.put(TopologyConfig.PROCESSING_GUARANTEE, guarantee);
        settings.put(ConnectorConfig.RETRY_DELAYS, "1s,5s");
        settings.putAll(overrides);
        return settings;
    }

    /** Starts Flare on a new temporary data directory and waits until it is ready. */
    public static FlareInstance start(String guarantee, Map<String, String> overrides) throws Exception {
        Path dataDir = Files.createTempDirectory("flare-bench");
        Map<String, String> settings = settings(guarantee, dataDir, overrides);
        int retryTiers = new ConnectorConfig(settings).retryDelays().size();
        Standalone standalone = new Standalone(settings, retryTiers, StandaloneRoles::create);
        try {
            StandaloneContext context = standalone.start();
            return new FlareInstance(standalone, dataDir, context, guarantee, settings);
        } catch (Exception | Error e) {
            standalone.close();
            delete(dataDir);
            throw e;
        }
    }

    public String api() {
        return api;
    }

    public String guarantee() {
        return guarantee;
    }

    public Map<String, String> settings() {
        return settings;
    }

    public StandaloneContext context() {
        return context;
    }

    public String bootstrapServers() {
        return context.bootstrapServers();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates the resource of namespace {@code ns} and returns its id. */
    public String createResource(String ns) {
        String body = "{\"endpoint\":\"" + Documents.template(ns) + "\",\"change\":{\"field\":\"version\"}}";
        return post("/resources", body).get("id").asText();
    }

    /** Subscribes {@code callbackBase/cb/<subscriber>/{id}} to resource {@code resourceId}. */
    public String subscribe(String resourceId, String callbackBase, String subscriber) {
        String body = "{\"endpoint\":{\"url\":\"" + callbackBase + "/cb/" + subscriber + "/{id}\"}}";
        return post("/resources/" + resourceId + "/subscriptions", body)
                .get("id")
                .asText();
    }

    /** How many PUTs the ingest API has written to Kafka (not those it answered from what it had already written). */
    public long putsWritten() {
        return metrics()
                .lines()
                .filter(line -> line.startsWith(PUTS_WRITTEN))
                .mapToLong(line -> (long)
                        Double.parseDouble(line.substring(PUTS_WRITTEN.length()).trim()))
                .sum();
    }

    /**
     * Flare's own counts of what became of the writes and deliveries so far (written, answered from memory, delivered,
     * deferred and why, hopped, dead-lettered), summed over lanes.
     */
    public Map<String, Long> deliveryCounters() {
        return DeliveryCounters.parse(metrics());
    }

    private String metrics() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/metrics"))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during GET /metrics", e);
        }
    }

    private JsonNode post(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(
                        "POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during POST " + path, e);
        }
    }

    /** Bytes under {@code dir} of the data directory (for example {@code streams} or {@code kafka}). */
    public long bytesUnder(String dir) {
        return sizeOf(dataDir.resolve(dir));
    }

    static long sizeOf(Path root) {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        http.close();
        standalone.close();
        delete(dataDir);
    }

    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Note: a leftover temporary directory is harmless.
        }
    }
}
