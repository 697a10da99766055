package dev.flare.chaos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.Position;
import dev.flare.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The few ingest-API calls a chaos run makes. Writes are retried until Flare gives a definite answer (while a role
 * or the broker is down it cannot), so the ledger knows exactly what was accepted.
 */
public final class FlareApi {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(4);
    private static final Duration PAUSE = Duration.ofMillis(250);
    private static final String PADDING = "x".repeat(900);

    private final String base;
    private final Ledger ledger;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public FlareApi(String base, Ledger ledger) {
        this.base = base;
        this.ledger = ledger;
    }

    /** One document resource for the run; returns its id. */
    public String createResource() throws IOException, InterruptedException {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("endpoint", Documents.TEMPLATE);
        body.putObject("change").put("field", "v");
        return created(send("POST", base + "/resources", body.toString()))
                .path("id")
                .asText();
    }

    /** A subscription of the resource calling the receiver, with a short call timeout and the run's retry tiers. */
    public String subscribe(String resource, FaultyReceiver receiver, Duration callTimeout)
            throws IOException, InterruptedException {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("endpoint").put("url", "http://127.0.0.1:" + receiver.port() + "/items/{id}");
        ObjectNode delivery = body.putObject("delivery");
        delivery.putObject("timeouts").put("call", callTimeout.toMillis() + "ms");
        if (receiver.behaviour() == Behaviour.DISCARDS) {
            delivery.putArray("discard").add(422);
        }
        return created(send("POST", base + "/resources/" + resource + "/subscriptions", body.toString()))
                .path("id")
                .asText();
    }

    /** PUTs version {@code version} of the document until Flare answers; records the answer in the ledger. */
    public void put(String document, long version) throws InterruptedException {
        String body = "{\"v\": " + version + ", \"padding\": \"" + PADDING + "\"}";
        HttpResponse<String> answer = untilAnswered("PUT", document, body);
        if (answer.statusCode() == 202) {
            ledger.acceptedPut(document, version);
        } else {
            ledger.rejected("PUT " + document + " v" + version, answer.statusCode(), answer.body());
        }
    }

    /** DELETEs the document until Flare answers; records the answer in the ledger. */
    public void delete(String document) throws InterruptedException {
        HttpResponse<String> answer = untilAnswered("DELETE", document, null);
        if (answer.statusCode() == 202) {
            ledger.acceptedDelete(document);
        } else {
            ledger.rejected("DELETE " + document, answer.statusCode(), answer.body());
        }
    }

    /**
     * The positions of the documents whose delivery to the subscription is dead-lettered now. While the state is not
     * readable (503: a role restarting or rebalancing after a fault), the listing starts over after a pause.
     */
    public Set<Placed> deadLetters(String resource, String subscription) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (true) {
            Optional<Set<Placed>> dead = deadLettersOnce(resource, subscription);
            if (dead.isPresent()) {
                return dead.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("dead letters: the delivery state was unreadable for " + GIVE_UP_AFTER);
            }
            Thread.sleep(PAUSE);
        }
    }

    /** The dead letters, or empty if the state was not readable (503) at one of the pages. */
    private Optional<Set<Placed>> deadLettersOnce(String resource, String subscription)
            throws IOException, InterruptedException {
        Set<Placed> dead = new HashSet<>();
        for (int offset = 0; ; offset += 100) {
            HttpResponse<String> page = send(
                    "GET",
                    base + "/resources/" + resource + "/subscriptions/" + subscription
                            + "/dead-letters?limit=100&offset=" + offset,
                    null);
            if (page.statusCode() == 503) {
                return Optional.empty();
            }
            if (page.statusCode() != 200) {
                throw new IOException("dead letters: " + page.statusCode() + " " + page.body());
            }
            JsonNode letters = Json.mapper().readTree(page.body()).path("deadLetters");
            for (JsonNode letter : letters) {
                dead.add(new Placed(
                        letter.path("documentUrl").asText(),
                        new Position(
                                letter.path("revision").asLong(),
                                letter.path("deleted").asBoolean())));
            }
            if (letters.size() < 100) {
                return Optional.of(dead);
            }
        }
    }

    /** A document at a position. */
    public record Placed(String document, Position position) {}

    private HttpResponse<String> untilAnswered(String method, String document, String body)
            throws InterruptedException {
        String url = base + "/documents/" + document;
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (true) {
            try {
                HttpResponse<String> answer = send(method, url, body);
                if (answer.statusCode() < 500 && answer.statusCode() != 429) {
                    return answer;
                }
            } catch (IOException e) {
                // the ingest API or the broker is down: try again until the deadline
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(method + " " + document + " got no answer for " + GIVE_UP_AFTER);
            }
            Thread.sleep(PAUSE);
        }
    }

    private HttpResponse<String> send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
        request = json == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode created(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 201) {
            throw new IOException("expected 201, got " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }
}
