package dev.flare.launcher;

import dev.flare.launcher.internal.FreePorts;
import dev.flare.launcher.internal.PreviousIncarnationFencer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller) in this JVM, for standalone mode. It keeps its logs
 * and metadata under {@code <dataDir>/kafka}: the first start formats that directory with a new cluster id, later
 * starts (also after the JVM was killed) reuse it, so topics, records and consumer offsets survive restarts; a
 * restart first has the controller fence the broker's previous run ({@link PreviousIncarnationFencer}). It
 * listens on 127.0.0.1 only; the controller quorum is static, so ports may change from one start to the next.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(20);
    private static final int OFFSET_RETENTION_MINUTES = 100 * 365 * 24 * 60;

    private final Path logDir;
    private final int requestedBrokerPort;
    private final int requestedControllerPort;
    private KafkaRaftServer server;
    private String bootstrapServers;

    /**
     * @param dataDir the standalone data directory; the broker uses {@code dataDir/kafka}
     * @param brokerPort client port on 127.0.0.1, 0 for a free one
     * @param controllerPort controller port on 127.0.0.1, 0 for a free one
     */
    public EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort) {
        this.logDir = dataDir.toAbsolutePath().normalize().resolve("kafka");
        this.requestedBrokerPort = brokerPort;
        this.requestedControllerPort = controllerPort;
    }

    /** Formats the storage if it is new, starts the broker and returns once it answers requests. */
    public synchronized void start() throws InterruptedException {
        if (server != null) {
            throw new IllegalStateException("The embedded Kafka broker is already started");
        }
        int brokerPort = port(requestedBrokerPort, LauncherConfig.EMBEDDED_KAFKA_PORT);
        int controllerPort = port(requestedControllerPort, LauncherConfig.EMBEDDED_KAFKA_CONTROLLER_PORT);
        Map<String, String> settings = settings(brokerPort, controllerPort);
        KafkaConfig config = new KafkaConfig(settings, false);
        if (!formatIfNew()) {
            fencePreviousIncarnation(settings, controllerPort);
        }
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        bootstrapServers = HOST + ":" + brokerPort;
        server = started;
        try {
            started.startup();
            awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        LOG.info("Embedded Kafka broker is ready on {} (data in {})", bootstrapServers, logDir);
    }

    /** {@code 127.0.0.1:<port>} of the running broker. */
    public synchronized String bootstrapServers() {
        if (server == null) {
            throw new IllegalStateException("The embedded Kafka broker is not started");
        }
        return bootstrapServers;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path logDir() {
        return logDir;
    }

    /** Shuts the broker down (controlled shutdown, then the controller) and waits for it; idempotent. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        try {
            stopping.shutdown();
            stopping.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("The embedded Kafka broker did not shut down cleanly", e);
        }
    }

    private static int port(int requested, String key) {
        if (requested == 0) {
            return FreePorts.pick(HOST);
        }
        if (!FreePorts.isFree(HOST, requested)) {
            throw new KafkaException(HOST + ":" + requested + " (" + key + ") is already in use; choose another port"
                    + " or 0 for a free one.");
        }
        return requested;
    }

    private Map<String, String> settings(int brokerPort, int controllerPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        settings.put(
                "listeners",
                BROKER_LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        settings.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        settings.put(
                "listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("inter.broker.listener.name", BROKER_LISTENER);
        settings.put("log.dirs", logDir.toString());
        settings.put("auto.create.topics.enable", "false");
        settings.put("num.partitions", "1");
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "10");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "10");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        // Note: one process holds every group member here; after a crash its old members are surely gone, so the
        // restarted connector should not wait the production 45 s to take their partitions back.
        settings.put("group.consumer.min.session.timeout.ms", "6000");
        settings.put("group.consumer.session.timeout.ms", "10000");
        settings.put("group.consumer.min.heartbeat.interval.ms", "1000");
        settings.put("group.consumer.heartbeat.interval.ms", "2000");
        // Note: standalone keeps what it was given; nothing expires by time, and idle consumer offsets stay.
        settings.put("log.retention.ms", "-1");
        settings.put("offsets.retention.minutes", Integer.toString(OFFSET_RETENTION_MINUTES));
        settings.put("log.cleaner.dedupe.buffer.size", Long.toString(16L * 1024 * 1024));
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");
        settings.put("num.recovery.threads.per.data.dir", "2");
        return settings;
    }

    private static void fencePreviousIncarnation(Map<String, String> settings, int controllerPort)
            throws InterruptedException {
        String listener = CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort;
        if (!new PreviousIncarnationFencer().fence(settings, listener, CONTROLLER_LISTENER, FENCE_TIMEOUT)) {
            LOG.warn(
                    "The embedded Kafka controller did not confirm within {} that the broker's previous run is"
                            + " fenced; starting the broker anyway",
                    FENCE_TIMEOUT);
        }
    }

    /** Formats the storage unless it already is; returns whether it was new. */
    private boolean formatIfNew() {
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            return false;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setIgnoreFormatted(true)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory " + logDir, e);
        } catch (Exception e) {
            throw new KafkaException("Cannot format the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        LOG.info(
                "Formatted new Kafka storage in {}: {}",
                logDir,
                output.toString(StandardCharsets.UTF_8).strip());
        return true;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Map<String, Object> adminSettings = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(adminSettings)) {
            while (true) {
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Embedded Kafka broker not ready yet: {}", e.toString());
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new KafkaException("The embedded Kafka broker did not become ready within " + START_TIMEOUT);
                }
                Thread.sleep(100);
            }
        }
    }
}
