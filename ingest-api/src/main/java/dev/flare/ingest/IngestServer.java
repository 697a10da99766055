package dev.flare.ingest;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.flare.ingest.internal.ApiHandler;
import dev.flare.ingest.internal.CatalogWrites;
import dev.flare.ingest.internal.DeliveryStateHandlers;
import dev.flare.ingest.internal.DocumentHandlers;
import dev.flare.ingest.internal.HttpMetrics;
import dev.flare.ingest.internal.KafkaWriter;
import dev.flare.ingest.internal.OpsHandlers;
import dev.flare.ingest.internal.ProblemException;
import dev.flare.ingest.internal.ResourceHandlers;
import dev.flare.ingest.internal.RouteHandler;
import dev.flare.ingest.internal.Router;
import dev.flare.ingest.internal.SubscriptionHandlers;
import dev.flare.ingest.internal.VersionReaders;
import dev.flare.model.DeliveryStateLookup;
import dev.flare.model.DocumentLookup;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.net.AddressPolicy;
import dev.flare.model.secret.SecretBox;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
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

    /** Most request headers the server reads; with more, it closes the connection without an answer. */
    public static final int MAX_REQUEST_HEADERS = 100;
    /**
     * Longest request line, and most bytes of all header lines together, that the server reads; beyond either, it
     * closes the connection without an answer.
     */
    public static final int MAX_REQUEST_HEAD_BYTES = 32 * 1024;

    /**
     * Most idle keep-alive connections the server keeps. The JDK server's default is 200, and it closes every
     * connection beyond that right after its answer, without {@code Connection: close}: a client that reuses one
     * loses its next request ("no bytes"). Idle connections still close after 30 s.
     */
    public static final int MAX_IDLE_CONNECTIONS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    /**
     * Connections the kernel completes before the server's one dispatcher thread accepts them. An origin's burst of
     * new connections while the process is busy (a JIT storm, a GC) waits here instead of having its SYNs dropped
     * until the client's connect timeout; Linux caps it at {@code net.core.somaxconn} (4,096 by default).
     */
    private static final int BACKLOG = 4_096;

    private static final int STOP_DELAY_SECONDS = 1;
    private static final long EXECUTOR_STOP_MILLIS = 500;

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * What the API reads and writes through, all owned by the caller.
     *
     * @param producer configured {@code acks=all} and idempotent
     * @param documents the topology's documents, for {@code GET /documents/…}
     * @param deliveryStates the topology's per-subscription delivery state
     * @param ready whether the roles behind the API run (for {@code /health/ready})
     * @param addressPolicy the addresses subscriber endpoints may lead to
     * @param resolver resolves endpoint hosts for the address check at subscription create
     * @param secretBox seals signing secrets; without it subscriptions cannot be signed
     */
    public record Backends(
            Topics topics,
            Catalog catalog,
            Producer<String, byte[]> producer,
            DocumentLookup documents,
            DeliveryStateLookup deliveryStates,
            BooleanSupplier ready,
            PrometheusMeterRegistry registry,
            AddressPolicy addressPolicy,
            HostResolver resolver,
            Optional<SecretBox> secretBox) {}

    /**
     * Binds the server (it does not accept requests before {@link #start()}).
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public IngestServer(IngestConfig config, Backends backends) {
        applyServerDefaults();
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        try {
            this.server = HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + config.host() + ":" + config.port(), e);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", routes(config, backends));
    }

    /**
     * The whole API as one handler, for this server and for tests: routing, the RFC 9457 error mapping and the
     * request metrics.
     */
    public static HttpHandler routes(IngestConfig config, Backends backends) {
        Clock clock = Clock.systemUTC();
        Topics topics = backends.topics();
        Catalog catalog = backends.catalog();
        KafkaWriter writer = new KafkaWriter(backends.producer(), config.produceTimeout());
        CatalogWrites writes = new CatalogWrites();
        VersionReaders readers = new VersionReaders();
        HttpMetrics metrics = new HttpMetrics(backends.registry());
        ResourceHandlers resources = new ResourceHandlers(topics, catalog, writer, writes, readers, clock);
        SubscriptionHandlers subscriptions = new SubscriptionHandlers(
                topics,
                catalog,
                writer,
                writes,
                backends.addressPolicy(),
                backends.resolver(),
                backends.secretBox(),
                clock);
        DeliveryStateHandlers deliveryStates =
                new DeliveryStateHandlers(topics, subscriptions, backends.deliveryStates(), writer, clock);
        DocumentHandlers documentHandlers = new DocumentHandlers(
                topics, catalog, writer, backends.documents(), readers, metrics, config.rememberedDocuments(), clock);
        OpsHandlers ops = new OpsHandlers(backends.ready(), backends.registry());
        String subscription = "/resources/{id}/subscriptions/{sid}";
        Router router = new Router()
                .add("POST", "/resources", resources::create)
                .add("GET", "/resources", resources::list)
                .add("GET", "/resources/{id}", resources::get)
                .add("DELETE", "/resources/{id}", resources::delete)
                .add("POST", "/resources/{id}/subscriptions", subscriptions::create)
                .add("GET", "/resources/{id}/subscriptions", subscriptions::list)
                .add("GET", "/resources/{id}/subscriptions/{sid}", subscriptions::get)
                .add("DELETE", "/resources/{id}/subscriptions/{sid}", subscriptions::delete)
                .add("POST", subscription + "/secret/rotate", subscriptions::rotateSecret)
                .add("POST", subscription + "/resume", subscriptions::resume)
                .add("GET", subscription + "/status", deliveryStates::status)
                .add("GET", subscription + "/dead-letters", deliveryStates::deadLetters)
                .add("POST", subscription + "/dead-letters/redrive", deliveryStates::redrive)
                .add("POST", subscription + "/replay", deliveryStates::replay)
                .add("GET", subscription + "/replay", deliveryStates::replayProgress)
                .addTail("GET", subscription + "/documents/{" + Router.TAIL + "}", deliveryStates::document)
                .addPrefix("PUT", DocumentHandlers.PREFIX, documentHandlers::put)
                .addPrefix("DELETE", DocumentHandlers.PREFIX, documentHandlers::delete)
                .addPrefix("GET", DocumentHandlers.PREFIX, documentHandlers::get)
                .guardAll(handler -> onceCatalogLoaded(catalog, handler))
                .add("GET", "/health/live", ops::live)
                .add("GET", "/health/ready", ops::ready)
                .add("GET", "/metrics", ops::metrics);
        return new ApiHandler(router, metrics, config.maxBodyBytes());
    }

    /**
     * Answers 503 with {@code Retry-After} until the catalog has read every resource and subscription: before that,
     * one that exists could be reported missing and a document write refused with a 404.
     */
    private static RouteHandler onceCatalogLoaded(Catalog catalog, RouteHandler handler) {
        return request -> {
            if (!catalog.isLoaded()) {
                throw ProblemException.unavailable(
                        "Flare is starting: its catalog of resources and subscriptions is still loading.");
            }
            return handler.handle(request);
        };
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

    /**
     * Sets the JDK HTTP server's JVM-wide properties the ingest API relies on, where not set already. The JDK server
     * reads them once, when the JVM's first server is created: a process that creates another JDK server before the
     * ingest API calls this first.
     */
    public static void applyServerDefaults() {
        // Note: without nodelay, small responses wait on Nagle and delayed ACKs (~23 requests/s per keep-alive
        // client).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_REQUEST_HEADERS));
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_REQUEST_HEAD_BYTES));
        setIfAbsent("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
