package dev.flare.launcher.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flare.model.StateUnavailableException;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.model.json.Json;
import dev.flare.topology.LocalDocumentLookup;
import dev.flare.topology.TopologyHosts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topology instance's internal query endpoint. Any instance answers any query: a document's state from the
 * instance that owns it (forwarded there once, with {@code local=true}), a subscription's states from every instance.
 * The ingest API calls it; it must not be exposed outside the cluster.
 */
public final class TopologyQueryServer implements AutoCloseable {

    public static final String DOCUMENT = "/internal/v1/document";
    public static final String DELIVERY_STATE = "/internal/v1/delivery-state";
    public static final String DELIVERY_STATES = "/internal/v1/delivery-states";
    public static final String COMMAND_PROGRESS = "/internal/v1/command-progress";
    public static final String READY = "/health/ready";

    private static final Logger LOG = LoggerFactory.getLogger(TopologyQueryServer.class);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();
    private final String host;

    /** Binds {@code host:port} (0 = any free port); nothing is served before {@link #start}. */
    public TopologyQueryServer(String host, int port) {
        this.host = host;
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for topology queries on " + host + ":" + port, e);
        }
        server.setExecutor(executor);
    }

    /** The address other instances and the ingest API reach this one at. */
    public HostInfo advertised() {
        return new HostInfo(host, server.getAddress().getPort());
    }

    public void start(LocalDocumentLookup local, TopologyHosts hosts, BooleanSupplier ready) {
        server.createContext(
                DOCUMENT,
                exchange -> handle(exchange, params -> {
                    String url = required(params, "url");
                    Optional<Reply> remote = forwardToOwner(hosts, url, exchange);
                    return remote.orElseGet(
                            () -> local.document(url).map(Reply::json).orElse(Reply.NOT_FOUND));
                }));
        server.createContext(
                DELIVERY_STATE,
                exchange -> handle(exchange, params -> {
                    String url = required(params, "url");
                    String subscription = required(params, "subscription");
                    Optional<Reply> remote = forwardToOwner(hosts, url, exchange);
                    return remote.orElseGet(() -> local.deliveryState(subscription, url)
                            .map(Reply::json)
                            .orElse(Reply.NOT_FOUND));
                }));
        server.createContext(
                DELIVERY_STATES,
                exchange -> handle(exchange, params -> {
                    String subscription = required(params, "subscription");
                    List<SubscriptionDeliveryState> states = new ArrayList<>();
                    local.forEachDeliveryState(subscription, states::add);
                    if (!"true".equals(params.get("local"))) {
                        for (HostInfo other : hosts.all()) {
                            if (!other.equals(hosts.self())) {
                                states.addAll(
                                        fetch(other, DELIVERY_STATES, exchange, SubscriptionDeliveryState[].class));
                            }
                        }
                    }
                    return Reply.json(states);
                }));
        server.createContext(
                READY,
                exchange -> handle(
                        exchange,
                        params -> ready.getAsBoolean()
                                ? Reply.json(Map.of("status", "ready"))
                                : new Reply(503, "{\"status\":\"starting\"}")));
        server.start();
        LOG.info("Topology queries served on {}:{}", host, server.getAddress().getPort());
    }

    private Optional<Reply> forwardToOwner(TopologyHosts hosts, String url, HttpExchange exchange) {
        if ("true".equals(query(exchange).get("local"))) {
            return Optional.empty();
        }
        HostInfo owner = hosts.ownerOf(url)
                .orElseThrow(() -> new StateUnavailableException("no instance owns " + url + " right now", null));
        if (owner.equals(hosts.self())) {
            return Optional.empty();
        }
        HttpResponse<String> response = get(
                owner,
                exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery() + "&local=true");
        return Optional.of(new Reply(response.statusCode(), response.body()));
    }

    private <T> List<T> fetch(HostInfo other, String path, HttpExchange exchange, Class<T[]> type) {
        HttpResponse<String> response =
                get(other, path, exchange.getRequestURI().getRawQuery() + "&local=true");
        if (response.statusCode() != 200) {
            throw new StateUnavailableException("instance " + other + " answered " + response.statusCode(), null);
        }
        try {
            return List.of(Json.mapper().readValue(response.body(), type));
        } catch (IOException e) {
            throw new StateUnavailableException("instance " + other + " answered unreadable state", e);
        }
    }

    private HttpResponse<String> get(HostInfo to, String path, String rawQuery) {
        URI uri = URI.create("http://" + to.host() + ":" + to.port() + path + "?" + rawQuery);
        try {
            return client.send(
                    HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StateUnavailableException("instance " + to + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted", e);
        }
    }

    private static void handle(HttpExchange exchange, Handler handler) throws IOException {
        Reply reply;
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply = new Reply(405, "{\"error\":\"GET only\"}");
            } else {
                reply = handler.handle(query(exchange));
            }
        } catch (StateUnavailableException e) {
            reply = new Reply(503, "{\"error\":\"state unavailable\"}");
        } catch (IllegalArgumentException e) {
            reply = new Reply(400, "{\"error\":\"" + e.getMessage() + "\"}");
        } catch (RuntimeException e) {
            LOG.error("Topology query {} failed", exchange.getRequestURI().getPath(), e);
            reply = new Reply(500, "{\"error\":\"internal\"}");
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } finally {
            exchange.close();
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                params.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    /** {@code name=value} percent-encoded for a query string. */
    public static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @FunctionalInterface
    private interface Handler {
        Reply handle(Map<String, String> params);
    }

    private record Reply(int status, String body) {

        static final Reply NOT_FOUND = new Reply(404, "{\"error\":\"not found\"}");

        static Reply json(Object value) {
            try {
                return new Reply(200, Json.mapper().writeValueAsString(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
