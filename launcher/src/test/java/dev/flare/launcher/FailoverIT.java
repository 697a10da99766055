package dev.flare.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failover with every role in its own JVM against one broker with 6 partitions: two topology instances, two
 * connectors, one ingest API. 10,000 changes over 1,000 documents for 3 subscriptions; one topology instance and one
 * connector are killed with SIGKILL mid-load. Every subscription must end with every document's last version, and
 * no subscriber may ever get an older version of a document after a newer one (spec §3 I2, I3).
 */
class FailoverIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Pattern LISTENING = Pattern.compile("Flare is (?:listening on (http://\\S+)|running)");
    private static final int DOCUMENTS = 1_000;
    private static final int VERSIONS = 10;
    private static final int SUBSCRIPTIONS = 3;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();

    /** One callback a receiver got: which document, which revision. */
    private record Received(String document, long revision) {}

    @AfterEach
    void kill() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process role(String command, Map<String, String> own, CompletableFuture<String> url) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-Xmx384m",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        command))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        builder.environment().putAll(own);
        Process process = builder.start();
        processes.add(process);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        url.complete(matcher.group(1) == null ? "" : matcher.group(1));
                    }
                }
                url.completeExceptionally(new IllegalStateException(command + " ended before it was ready"));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        });
        return process;
    }

    private String await(CompletableFuture<String> url) throws Exception {
        return url.get(150, TimeUnit.SECONDS);
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request = json == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long revision(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node.path("revision").asLong();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void shouldLoseNothingAndKeepOrderWhenATopologyInstanceAndAConnectorAreKilled() throws Exception {
        String name = KafkaClusterExtension.uniqueName("failover");
        environment.put("FLARE_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        environment.put("FLARE_TOPIC_PREFIX", name);
        environment.put("FLARE_TOPIC_PARTITIONS", "6");
        environment.put("FLARE_TOPIC_REPLICATION_FACTOR", "1");
        environment.put("FLARE_TOPOLOGY_APPLICATION_ID", name + "-topology");
        environment.put("FLARE_TOPOLOGY_STANDBY_REPLICAS", "1");
        environment.put("FLARE_TOPOLOGY_SESSION_TIMEOUT_MS", "10000");
        environment.put("FLARE_TOPOLOGY_QUERY_PORT", "0");
        environment.put("FLARE_CONNECTOR_GROUP_ID", name + "-connector");
        environment.put("FLARE_CONNECTOR_RETRY_DELAYS", "1s,2s,5s");
        environment.put("FLARE_CONNECTOR_ALLOWED_CIDRS", "127.0.0.0/8");
        environment.put("FLARE_PORT", "0");

        CompletableFuture<String> topologyA = new CompletableFuture<>();
        role(
                "topology",
                Map.of(
                        "FLARE_TOPOLOGY_STATE_DIR",
                                Files.createTempDirectory("failover-a").toString(),
                        "FLARE_DATA_DIR",
                                Files.createTempDirectory("failover-data-a").toString()),
                topologyA);
        String topologyUrl = await(topologyA);
        CompletableFuture<String> topologyB = new CompletableFuture<>();
        Process victimTopology = role(
                "topology",
                Map.of(
                        "FLARE_TOPOLOGY_STATE_DIR",
                                Files.createTempDirectory("failover-b").toString(),
                        "FLARE_DATA_DIR",
                                Files.createTempDirectory("failover-data-b").toString()),
                topologyB);
        CompletableFuture<String> connector1 = new CompletableFuture<>();
        role("connector", Map.of("FLARE_CONNECTOR_INSTANCE_ID", "c1"), connector1);
        CompletableFuture<String> connector2 = new CompletableFuture<>();
        Process victimConnector = role("connector", Map.of("FLARE_CONNECTOR_INSTANCE_ID", "c2"), connector2);
        CompletableFuture<String> ingest = new CompletableFuture<>();
        role("ingest-api", Map.of("FLARE_INGEST_TOPOLOGY_URL", topologyUrl), ingest);
        await(topologyB);
        await(connector1);
        await(connector2);
        String api = await(ingest);

        List<EchoReceiver> receivers = new ArrayList<>();
        List<List<Received>> received = new ArrayList<>();
        try {
            String resourceId = Json.mapper()
                    .readTree(send(
                                    "POST",
                                    api + "/resources",
                                    "{\"endpoint\": \"http://api.company.com/users/{id}\", \"change\": {\"field\": \"v\"}}")
                            .body())
                    .path("id")
                    .asText();
            for (int s = 0; s < SUBSCRIPTIONS; s++) {
                EchoReceiver receiver = EchoReceiver.start(0, null);
                List<Received> log = new CopyOnWriteArrayList<>();
                receiver.answerWith(callback -> {
                    log.add(new Received(callback.path(), revision(callback.body())));
                    return 200;
                });
                receivers.add(receiver);
                received.add(log);
                HttpResponse<String> created = send(
                        "POST",
                        api + "/resources/" + resourceId + "/subscriptions",
                        "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/users/{id}\"}}".formatted(receiver.port()));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }

            AtomicInteger accepted = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            List<Future<?>> batches = new ArrayList<>();
            for (int version = 1; version <= VERSIONS; version++) {
                int v = version;
                for (int slice = 0; slice < 8; slice++) {
                    int first = slice;
                    batches.add(writers.submit(() -> {
                        for (int user = first + 1; user <= DOCUMENTS; user += 8) {
                            putUntilAccepted(api, user, v);
                            accepted.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> batch : batches) {
                    batch.get();
                }
                batches.clear();
                if (version == VERSIONS / 2) {
                    victimTopology.destroyForcibly();
                    victimConnector.destroyForcibly();
                }
            }
            writers.shutdown();
            long killedAt = System.nanoTime();
            assertThat(accepted.get()).isEqualTo(DOCUMENTS * VERSIONS);

            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (!allAtLastVersion(received)) {
                assertThat(System.nanoTime())
                        .as("every subscription caught up within 4 minutes")
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
            double caughtUpSeconds = (System.nanoTime() - killedAt) / 1e9;

            int duplicates = 0;
            for (int s = 0; s < SUBSCRIPTIONS; s++) {
                Map<String, List<Long>> byDocument = new ConcurrentHashMap<>();
                for (Received r : received.get(s)) {
                    byDocument
                            .computeIfAbsent(r.document(), d -> new ArrayList<>())
                            .add(r.revision());
                }
                assertThat(byDocument)
                        .as("subscription %d got every document", s)
                        .hasSize(DOCUMENTS);
                for (Map.Entry<String, List<Long>> entry : byDocument.entrySet()) {
                    assertThat(entry.getValue())
                            .as("subscription %d, %s: never an older version after a newer one", s, entry.getKey())
                            .isSorted()
                            .endsWith((long) VERSIONS);
                    duplicates += entry.getValue().size()
                            - (int) entry.getValue().stream().distinct().count();
                }
            }
            System.out.printf(
                    "Failover: %d changes, %d callbacks, %d duplicates (same version again), all caught up %.1f s"
                            + " after the last write%n",
                    DOCUMENTS * VERSIONS, received.stream().mapToInt(List::size).sum(), duplicates, caughtUpSeconds);
        } finally {
            for (EchoReceiver receiver : receivers) {
                receiver.close();
            }
        }
    }

    private void putUntilAccepted(String api, int user, int version) throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response =
                    send("PUT", api + "/documents/http://api.company.com/users/" + user, "{\"v\": " + version + "}");
            if (response.statusCode() == 202) {
                return;
            }
            assertThat(attempt).as("PUT answered %s", response.body()).isLessThan(10);
            Thread.sleep(200);
        }
    }

    private static boolean allAtLastVersion(List<List<Received>> received) {
        for (List<Received> log : received) {
            Map<String, Long> last = new HashMap<>();
            for (Received r : log) {
                last.merge(r.document(), r.revision(), Math::max);
            }
            if (last.size() < DOCUMENTS || last.values().stream().anyMatch(v -> v < VERSIONS)) {
                return false;
            }
        }
        return true;
    }
}
