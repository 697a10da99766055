package dev.flare.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.ChangeSpec;
import dev.flare.model.CommandProgress;
import dev.flare.model.ContentOptions;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.DeliveryStateLookup;
import dev.flare.model.DocumentLookup;
import dev.flare.model.Endpoint;
import dev.flare.model.Resource;
import dev.flare.model.Subscription;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.Json;
import dev.flare.model.net.AddressPolicy;
import dev.flare.model.net.CidrRange;
import dev.flare.model.secret.SecretBox;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A real ingest server on a free port with a MockProducer, an in-memory catalog and a real HTTP client. */
final class TestApi implements AutoCloseable {

    static final Topics TOPICS = new Topics("test");
    static final String JSON = "application/json";
    static final int COMMAND_PARTITIONS = 3;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final Catalog catalog;
    final MockProducer<String, byte[]> producer;
    final AtomicReference<DocumentLookup> documents = new AtomicReference<>(url -> Optional.empty());
    final AtomicReference<DeliveryStateLookup> deliveryStates = new AtomicReference<>(new NoDeliveryState());
    final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    final SecretBox secretBox = SecretBox.fromBase64Key(SecretBox.newBase64Key());
    final AtomicBoolean ready = new AtomicBoolean(true);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final IngestServer server;

    private TestApi(boolean autoComplete, Map<String, String> settings) {
        this(autoComplete, settings, true, List.of(), new Catalog());
    }

    private TestApi(
            boolean autoComplete,
            Map<String, String> settings,
            boolean withSecretKey,
            List<CidrRange> allowed,
            Catalog catalog) {
        this.catalog = catalog;
        producer = new MockProducer<>(
                commandPartitions(), autoComplete, null, new StringSerializer(), new ByteArraySerializer());
        Map<String, String> config = new HashMap<>(settings);
        config.putIfAbsent(IngestConfig.PORT, "0");
        DeliveryStateLookup states = new DeliveryStateLookup() {
            @Override
            public Optional<SubscriptionDeliveryState> deliveryState(String subscriptionId, String documentUrl) {
                return deliveryStates.get().deliveryState(subscriptionId, documentUrl);
            }

            @Override
            public void forEachDeliveryState(String subscriptionId, Consumer<SubscriptionDeliveryState> visitor) {
                deliveryStates.get().forEachDeliveryState(subscriptionId, visitor);
            }

            @Override
            public List<CommandProgress> commandProgress(String subscriptionId) {
                return deliveryStates.get().commandProgress(subscriptionId);
            }
        };
        server = new IngestServer(
                new IngestConfig(config),
                new IngestServer.Backends(
                        TOPICS,
                        catalog,
                        producer,
                        url -> documents.get().document(url),
                        states,
                        ready::get,
                        registry,
                        new AddressPolicy(allowed),
                        this::resolve,
                        withSecretKey ? Optional.of(secretBox) : Optional.empty()));
        server.start();
    }

    /** The cluster the producer knows: the delivery-commands topic with {@link #COMMAND_PARTITIONS} partitions. */
    private static Cluster commandPartitions() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int partition = 0; partition < COMMAND_PARTITIONS; partition++) {
            partitions.add(new PartitionInfo(
                    TOPICS.deliveryCommands(), partition, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }

    static TestApi start() {
        return new TestApi(true, Map.of());
    }

    static TestApi start(boolean autoComplete, Map<String, String> settings) {
        return new TestApi(autoComplete, settings);
    }

    /** A server whose operator has not configured a key for signing secrets. */
    static TestApi startWithoutSecretKey() {
        return new TestApi(true, Map.of(), false, List.of(), new Catalog());
    }

    /** A server whose catalog is still loading from Kafka, as right after start-up. */
    static TestApi startWithCatalogLoading() {
        return new TestApi(true, Map.of(), true, List.of(), Catalog.loading());
    }

    /** A server whose operator allows callbacks to {@code allowed} ranges that are otherwise blocked. */
    static TestApi startAllowing(List<CidrRange> allowed) {
        return new TestApi(true, Map.of(), true, allowed, new Catalog());
    }

    /** Hosts resolve through {@link #dns}; unknown hosts do not resolve (and are left to the connector's check). */
    private List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    /** Delivery state that knows nothing. */
    static final class NoDeliveryState implements DeliveryStateLookup {
        @Override
        public Optional<SubscriptionDeliveryState> deliveryState(String subscriptionId, String documentUrl) {
            return Optional.empty();
        }

        @Override
        public void forEachDeliveryState(String subscriptionId, Consumer<SubscriptionDeliveryState> visitor) {}

        @Override
        public List<CommandProgress> commandProgress(String subscriptionId) {
            return List.of();
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, String json) {
        return send(method("POST", path, json));
    }

    Reply put(String path, String json) {
        return send(method("PUT", path, json));
    }

    HttpRequest.Builder method(String method, String path, String json) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", JSON)
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A resource put straight into the catalog, so no record is produced for it. */
    Resource resource(String endpoint, String field, String format) {
        Resource resource =
                new Resource(UUID.randomUUID().toString(), endpoint, new ChangeSpec(field, format), Instant.now());
        catalog.putResource(resource);
        return resource;
    }

    /** A subscription put straight into the catalog, so no record is produced for it. */
    Subscription subscription(Resource resource, String url, String method) {
        Subscription subscription = new Subscription(
                UUID.randomUUID().toString(),
                resource.id(),
                new Endpoint(url, method, Map.of(), Map.of()),
                new DeliveryPolicy(List.of(), List.of()),
                ContentOptions.DEFAULT,
                null,
                Instant.now());
        catalog.putSubscription(subscription);
        return subscription;
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }

    /** A response as the client saw it. */
    record Reply(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        List<String> errorFields() {
            return json().path("errors")
                    .valueStream()
                    .map(e -> e.path("field").asText())
                    .toList();
        }
    }
}
