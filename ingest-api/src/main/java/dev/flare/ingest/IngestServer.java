package dev.flare.ingest;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.flare.ingest.internal.ApiHandler;
import dev.flare.ingest.internal.CatalogWrites;
import dev.flare.ingest.internal.DocumentHandlers;
import dev.flare.ingest.internal.HttpMetrics;
import dev.flare.ingest.internal.KafkaWriter;
import dev.flare.ingest.internal.OpsHandlers;
import dev.flare.ingest.internal.ResourceHandlers;
import dev.flare.ingest.internal.Router;
import dev.flare.ingest.internal.SubscriptionHandlers;
import dev.flare.ingest.internal.VersionReaders;
import dev.flare.model.DocumentLookup;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of spec §4 on the JDK HTTP server, one virtual thread per exchange. Writes are answered only once
 * the given producer (configured {@code acks=all} by the launcher) has acknowledged them. The producer, catalog and
 * registry belong to the caller: {@link #close()} stops only the server.
 */
public final class IngestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    private static final int BACKLOG = 256;
    private static final int STOP_DELAY_SECONDS = 1;
    private static final long EXECUTOR_STOP_MILLIS = 500;

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Binds the server (it does not accept requests before {@link #start()}).
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public IngestServer(
            IngestConfig config,
            Topics topics,
            Catalog catalog,
            Producer<String, byte[]> producer,
            DocumentLookup documents,
            BooleanSupplier ready,
            PrometheusMeterRegistry registry) {
        applyServerDefaults();
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        try {
            this.server = HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + config.host() + ":" + config.port(), e);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", routes(config, topics, catalog, producer, documents, ready, registry));
    }

    /**
     * The whole API as one handler, for this server and for tests: routing, the RFC 9457 error mapping and the
     * request metrics.
     */
    public static HttpHandler routes(
            IngestConfig config,
            Topics topics,
            Catalog catalog,
            Producer<String, byte[]> producer,
            DocumentLookup documents,
            BooleanSupplier ready,
            PrometheusMeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        KafkaWriter writer = new KafkaWriter(producer, config.produceTimeout());
        CatalogWrites writes = new CatalogWrites();
        VersionReaders readers = new VersionReaders();
        HttpMetrics metrics = new HttpMetrics(registry);
        ResourceHandlers resources = new ResourceHandlers(topics, catalog, writer, writes, readers, clock);
        SubscriptionHandlers subscriptions = new SubscriptionHandlers(topics, catalog, writer, writes, clock);
        DocumentHandlers documentHandlers =
                new DocumentHandlers(topics, catalog, writer, documents, readers, metrics, clock);
        OpsHandlers ops = new OpsHandlers(ready, registry);
        Router router = new Router()
                .add("POST", "/resources", resources::create)
                .add("GET", "/resources", resources::list)
                .add("GET", "/resources/{id}", resources::get)
                .add("DELETE", "/resources/{id}", resources::delete)
                .add("POST", "/resources/{id}/subscriptions", subscriptions::create)
                .add("GET", "/resources/{id}/subscriptions", subscriptions::list)
                .add("GET", "/resources/{id}/subscriptions/{sid}", subscriptions::get)
                .add("DELETE", "/resources/{id}/subscriptions/{sid}", subscriptions::delete)
                .addPrefix("PUT", DocumentHandlers.PREFIX, documentHandlers::put)
                .addPrefix("DELETE", DocumentHandlers.PREFIX, documentHandlers::delete)
                .addPrefix("GET", DocumentHandlers.PREFIX, documentHandlers::get)
                .add("GET", "/health/live", ops::live)
                .add("GET", "/health/ready", ops::ready)
                .add("GET", "/metrics", ops::metrics);
        return new ApiHandler(router, metrics, config.maxBodyBytes());
    }

    public void start() {
        server.start();
        LOG.info("Ingest API listening on {}:{}", server.getAddress().getHostString(), port());
    }

    /** The port actually bound: the configured one, or the one picked when it was 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets exchanges in progress finish for up to a second, then stops. */
    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(EXECUTOR_STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Ingest API handlers still running after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void applyServerDefaults() {
        // Note: without nodelay, small responses wait on Nagle and delayed ACKs (~23 requests/s per keep-alive
        // client). The JDK server reads these properties once, when the first server of the JVM is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
