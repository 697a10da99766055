package dev.flare.connector;

import dev.flare.connector.internal.AddressGuard;
import dev.flare.connector.internal.CallClients;
import dev.flare.connector.internal.CallbackRequests;
import dev.flare.connector.internal.ConnectorMetrics;
import dev.flare.connector.internal.DeliveryAttempt;
import dev.flare.connector.internal.HttpClients;
import dev.flare.connector.internal.Lane;
import dev.flare.connector.internal.SubscriptionGates;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.config.FlareConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector role (spec §2, §5): consumes the deliveries topic and every retry tier, calls subscribers over HTTP
 * and reports each outcome on the delivery-results topic ({@code retrying} for a failed attempt that will be tried
 * again); failed attempts wait on the retry tier fitting their delay (the subscription's own schedule or the
 * connector's), and once the attempts run out go to the dead-letter topic. Each subscription is held to its
 * concurrency and rate limits and has a circuit breaker; a delivery that cannot go now is deferred to a retry tier
 * instead of holding a lane. A 410 Gone pauses the subscription. Callbacks are signed (Standard Webhooks) with the
 * subscription's secrets, opened with the operator's {@code flare.secret.key}. Each topic has its own lane (a thread with its own consumer group
 * {@code <group>-main} or {@code <group>-retry-<tier>} and transactional producer
 * {@code <group>-<lane>-<instance>}); results are committed with the offsets they answer, in offset order per
 * partition. The catalog must be caught up before {@link #start()}: a delivery whose subscription the catalog does
 * not know (after a short grace) is reported dropped.
 */
public final class HttpConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnector.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MISSING_SUBSCRIPTION_GRACE = Duration.ofSeconds(2);
    private static final int TRANSACTION_TIMEOUT_MS = 30_000;

    private final OkHttpClient client;
    private final List<Lane> lanes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean started;

    /** A connector that signs with {@link StandardWebhooksSigner} and the operator's key, when one is configured. */
    public HttpConnector(FlareConfig shared, ConnectorConfig config, Catalog catalog, MeterRegistry registry) {
        this(shared, config, catalog, registry, new StandardWebhooksSigner(shared.secretBox()));
    }

    /** As {@link #HttpConnector(FlareConfig, ConnectorConfig, Catalog, MeterRegistry)}, signing with {@code signer}. */
    public HttpConnector(
            FlareConfig shared, ConnectorConfig config, Catalog catalog, MeterRegistry registry, RequestSigner signer) {
        Topics topics = shared.topics();
        int tiers = config.retryDelays().size();
        AddressGuard guard = new AddressGuard(config.allowedCidrs());
        this.client = HttpClients.create(
                guard,
                config.connectTimeout(),
                config.callTimeout(),
                config.maxInFlight() * (tiers + 1),
                config.maxRequestsPerHost());
        Clock clock = Clock.systemUTC();
        SubscriptionGates gates = new SubscriptionGates(
                new SubscriptionGates.Settings(
                        config.subscriptionMaxConcurrency(),
                        config.subscriptionQueueSize(),
                        config.circuitFailureThreshold(),
                        config.circuitOpen()),
                clock);
        CallClients calls = new CallClients(client, config.connectTimeout(), config.callTimeout());
        DeliveryAttempt attempts = new DeliveryAttempt(
                catalog,
                calls,
                guard,
                new CallbackRequests(userAgent(), signer, shared.secretBox(), clock),
                config.retrySchedule(),
                gates,
                topics,
                clock,
                MISSING_SUBSCRIPTION_GRACE);
        ConnectorMetrics metrics = new ConnectorMetrics(registry);
        metrics.openCircuits(gates);
        metrics.callsWaitingForHost(calls);
        Map<String, Object> kafka = shared.kafkaClientSettings();
        String instance = config.instanceId();
        List<Duration> delays = config.retryDelays();
        lanes.add(lane("main", topics.deliveries(), null, config, kafka, instance, attempts, metrics, clock));
        for (int tier = 1; tier <= tiers; tier++) {
            lanes.add(lane(
                    "retry-" + tier,
                    topics.retry(tier),
                    delays.get(tier - 1),
                    config,
                    kafka,
                    instance,
                    attempts,
                    metrics,
                    clock));
        }
    }

    /** Starts one thread per lane: the deliveries topic and each retry tier. */
    public synchronized void start() {
        if (started) {
            return;
        }
        for (Lane lane : lanes) {
            Thread thread =
                    Thread.ofPlatform().name("flare-connector-" + lane.name()).unstarted(lane);
            threads.add(thread);
            thread.start();
        }
        started = true;
        LOG.info("Connector started with {} lanes", lanes.size());
    }

    /** Whether every lane is running. */
    public boolean isRunning() {
        return started && threads.stream().allMatch(Thread::isAlive);
    }

    /** Stops polling, commits what completes within a few seconds, and closes every client (about 5 s at most). */
    @Override
    public synchronized void close() {
        lanes.forEach(Lane::stop);
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        for (Thread thread : threads) {
            try {
                long left =
                        Math.max(1L, Duration.between(Instant.now(), deadline).toMillis());
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                LOG.warn("Connector thread {} did not stop in time", thread.getName());
            }
        }
        HttpClients.shutdown(client);
    }

    private static Lane lane(
            String name,
            String topic,
            Duration tierDelay,
            ConnectorConfig config,
            Map<String, Object> kafka,
            String instance,
            DeliveryAttempt attempts,
            ConnectorMetrics metrics,
            Clock clock) {
        String group = config.groupId() + "-" + name;
        String transactionalId = config.groupId() + "-" + name + "-" + instance;
        Map<String, Object> consumer = new HashMap<>(kafka);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId + "-consumer");
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.putIfAbsent(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        Map<String, Object> producer = new HashMap<>(kafka);
        producer.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId + "-producer");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        return new Lane(
                new Lane.Settings(name, topic, tierDelay, config.maxInFlight(), config.commitInterval()),
                () -> newConsumer(consumer),
                () -> newProducer(producer),
                attempts,
                metrics,
                clock);
    }

    private static Consumer<byte[], byte[]> newConsumer(Map<String, Object> settings) {
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Producer<byte[], byte[]> newProducer(Map<String, Object> settings) {
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** {@code Flare/<version>}, the version read from this jar's manifest. */
    static String userAgent() {
        String version = HttpConnector.class.getPackage().getImplementationVersion();
        return "Flare/" + (version == null ? "dev" : version);
    }
}
