package dev.flare.ingest;

import dev.flare.model.CommandProgress;
import dev.flare.model.DeliveryStateLookup;
import dev.flare.model.DocumentLookup;
import dev.flare.model.DocumentState;
import dev.flare.model.StateUnavailableException;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the topology's state from another process: any topology instance's query endpoint, which forwards to the
 * instance owning the document. A failed or refused query (a rebalance, an instance restarting) is tried again
 * twice, then reported as {@link StateUnavailableException} (the API answers 503 with {@code Retry-After}).
 */
public final class RemoteTopologyLookup implements DocumentLookup, DeliveryStateLookup {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final List<Duration> BACKOFF = List.of(Duration.ofMillis(100), Duration.ofMillis(400));

    private final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public RemoteTopologyLookup(URI base) {
        this.base = base;
    }

    @Override
    public Optional<DocumentState> document(String url) {
        return get("/internal/v1/document?" + param("url", url), DocumentState.class);
    }

    @Override
    public Optional<SubscriptionDeliveryState> deliveryState(String subscriptionId, String documentUrl) {
        return get(
                "/internal/v1/delivery-state?" + param("subscription", subscriptionId) + "&"
                        + param("url", documentUrl),
                SubscriptionDeliveryState.class);
    }

    @Override
    public void forEachDeliveryState(String subscriptionId, Consumer<SubscriptionDeliveryState> visitor) {
        get("/internal/v1/delivery-states?" + param("subscription", subscriptionId), SubscriptionDeliveryState[].class)
                .ifPresent(states -> List.of(states).forEach(visitor));
    }

    @Override
    public List<CommandProgress> commandProgress(String subscriptionId) {
        return get("/internal/v1/command-progress?" + param("subscription", subscriptionId), CommandProgress[].class)
                .map(List::of)
                .orElse(List.of());
    }

    private <T> Optional<T> get(String pathAndQuery, Class<T> type) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        String problem = null;
        for (int attempt = 0; attempt <= BACKOFF.size(); attempt++) {
            if (attempt > 0) {
                pause(BACKOFF.get(attempt - 1));
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return Optional.of(Json.mapper().readValue(response.body(), type));
                }
                if (response.statusCode() == 404) {
                    return Optional.empty();
                }
                problem = "the topology answered " + response.statusCode();
            } catch (IOException e) {
                problem = "the topology at " + base + " cannot be reached: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateUnavailableException("interrupted", e);
            }
        }
        throw new StateUnavailableException(problem, null);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted", e);
        }
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
