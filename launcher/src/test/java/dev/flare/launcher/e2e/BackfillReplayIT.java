package dev.flare.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.launcher.receiver.EchoReceiver;
import dev.flare.launcher.testing.KafkaClusterExtension;
import dev.flare.model.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backfill of a new subscription and replay of an existing one, while documents keep changing. */
class BackfillReplayIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final int DOCUMENTS = 100;
    private static final int LAST_VERSION = 4;

    private FlareFixture flare;
    private EchoReceiver receiver;
    private String resourceId;

    @BeforeEach
    void start() throws Exception {
        receiver = EchoReceiver.start(0, null);
        flare = new FlareFixture(KAFKA, Map.of());
        resourceId = json(flare.expect(
                                201,
                                "POST",
                                "/resources",
                                "{\"endpoint\": \"http://api.company.com/users/{id}\", \"change\": {\"field\": \"v\"}}")
                        .body())
                .get("id")
                .asText();
    }

    @AfterEach
    void stop() throws Exception {
        flare.close();
        receiver.close();
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private void put(int user, int version) {
        flare.expect(202, "PUT", "/documents/http://api.company.com/users/" + user, "{\"v\": " + version + "}");
    }

    private CompletableFuture<Void> putVersionsConcurrently(int from, int to) {
        return CompletableFuture.runAsync(() -> {
            for (int version = from; version <= to; version++) {
                for (int user = 1; user <= DOCUMENTS; user++) {
                    put(user, version);
                }
            }
        });
    }

    /** Revisions each document's callbacks carried, in arrival order, from callback {@code since} on. */
    private Map<String, List<Long>> revisionsByDocument(int since) {
        Map<String, List<Long>> revisions = new HashMap<>();
        List<EchoReceiver.Callback> callbacks = receiver.callbacks();
        for (EchoReceiver.Callback callback : callbacks.subList(since, callbacks.size())) {
            JsonNode body = json(callback.body());
            revisions
                    .computeIfAbsent(body.path("id").asText(), id -> new ArrayList<>())
                    .add(body.path("revision").asLong());
        }
        return revisions;
    }

    private void awaitEveryDocumentAt(int since, long revision) throws InterruptedException {
        try {
            awaitAt(since, revision);
        } catch (AssertionError e) {
            Map<String, List<Long>> behind = new HashMap<>(revisionsByDocument(since));
            behind.values().removeIf(r -> r.getLast() == revision);
            throw new AssertionError(
                    e.getMessage() + "; " + revisionsByDocument(since).size() + " documents seen, behind: "
                            + behind.entrySet().stream().limit(5).toList(),
                    e);
        }
    }

    private void awaitAt(int since, long revision) throws InterruptedException {
        FlareFixture.await(
                "every document delivered at revision " + revision,
                () -> {
                    Map<String, List<Long>> revisions = revisionsByDocument(since);
                    return revisions.size() == DOCUMENTS
                            && revisions.values().stream().allMatch(r -> r.getLast() == revision);
                },
                Duration.ofSeconds(90));
    }

    private String subscribe(boolean backfill) {
        return json(flare.expect(
                                201,
                                "POST",
                                "/resources/" + resourceId + "/subscriptions",
                                "{\"endpoint\": {\"url\": \"http://127.0.0.1:%d/users/{id}\"}, \"backfill\": %s}"
                                        .formatted(receiver.port(), backfill))
                        .body())
                .get("id")
                .asText();
    }

    @Test
    void shouldSendEveryDocumentOnceThenLiveChangesWithoutGapWhenBackfilledDuringWrites() throws Exception {
        for (int user = 1; user <= DOCUMENTS; user++) {
            put(user, 1);
        }
        CompletableFuture<Void> writes = putVersionsConcurrently(2, LAST_VERSION);

        subscribe(true);
        writes.get();

        awaitEveryDocumentAt(0, LAST_VERSION);
        Thread.sleep(1000);
        revisionsByDocument(0)
                .forEach((document, revisions) -> assertThat(revisions)
                        .as("revisions %s received", document)
                        .isSorted()
                        .doesNotHaveDuplicates()
                        .endsWith((long) LAST_VERSION));
        assertThat(receiver.callbacks())
                .filteredOn(c -> json(c.body()).path("action").asText().equals("create"))
                .hasSize(DOCUMENTS);
    }

    @Test
    void shouldResendEverythingOnResetReplayAndKeepLiveChangesInOrder() throws Exception {
        String sid = subscribe(false);
        putVersionsConcurrently(1, 2).get();
        awaitEveryDocumentAt(0, 2);
        int before = receiver.callbacks().size();

        CompletableFuture<Void> writes = putVersionsConcurrently(3, LAST_VERSION);
        JsonNode replay = json(flare.expect(
                        202,
                        "POST",
                        "/resources/" + resourceId + "/subscriptions/" + sid + "/replay",
                        "{\"from\": null, \"reset\": true}")
                .body());
        writes.get();

        assertThat(replay.path("partitions").asInt()).isEqualTo(2);
        awaitEveryDocumentAt(before, LAST_VERSION);
        Map<String, List<Long>> afterReplay = revisionsByDocument(before);
        afterReplay.forEach((document, revisions) -> assertThat(revisions)
                .as("revisions %s received", document)
                .isSorted()
                .endsWith((long) LAST_VERSION));
        int settled = receiver.callbacks().size();

        flare.expect(202, "POST", "/resources/" + resourceId + "/subscriptions/" + sid + "/replay", "{}");
        Thread.sleep(2000);

        assertThat(receiver.callbacks())
                .as("a replay without reset sends nothing new")
                .hasSize(settled);
    }
}
