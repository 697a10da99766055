package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.CommandProgress;
import dev.flare.model.DeliveryCommand;
import dev.flare.model.DeliveryStateLookup;
import dev.flare.model.Outcome;
import dev.flare.model.Position;
import dev.flare.model.Resource;
import dev.flare.model.StateUnavailableException;
import dev.flare.model.SubscriptionDeliveryState;
import dev.flare.model.json.JsonSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-subscription delivery state, status, dead letters and their re-drive. */
class DeliveryStateApiTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private final TestApi api = TestApi.start();
    private final Resource resource = api.resource("http://api.company.com/users/{id}", "version", null);
    private final List<SubscriptionDeliveryState> states = new ArrayList<>();
    private final List<CommandProgress> progress = new ArrayList<>();
    private String sid;

    @BeforeEach
    void subscribe() {
        sid = api.post(
                        "/resources/" + resource.id() + "/subscriptions",
                        "{\"endpoint\": {\"url\": \"http://client.example/users/{id}\"}}")
                .json()
                .path("id")
                .asText();
        api.producer.clear();
        api.deliveryStates.set(new DeliveryStateLookup() {
            @Override
            public Optional<SubscriptionDeliveryState> deliveryState(String subscriptionId, String documentUrl) {
                return states.stream()
                        .filter(s -> s.subscriptionId().equals(subscriptionId)
                                && s.documentUrl().equals(documentUrl))
                        .findFirst();
            }

            @Override
            public void forEachDeliveryState(String subscriptionId, Consumer<SubscriptionDeliveryState> visitor) {
                states.stream()
                        .filter(s -> s.subscriptionId().equals(subscriptionId))
                        .forEach(visitor);
            }

            @Override
            public List<CommandProgress> commandProgress(String subscriptionId) {
                return progress;
            }
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String base() {
        return "/resources/" + resource.id() + "/subscriptions/" + sid;
    }

    private SubscriptionDeliveryState state(
            String url, Position delivered, Position settled, Position inFlight, Outcome outcome, int minutes) {
        Instant at = T0.plusSeconds(60L * minutes);
        return new SubscriptionDeliveryState(
                sid,
                resource.id(),
                url,
                delivered,
                settled,
                inFlight,
                null,
                inFlight == null ? null : at,
                3,
                outcome,
                outcome == Outcome.DELIVERED ? 200 : 503,
                outcome == Outcome.DELIVERED ? null : "HTTP 503",
                at);
    }

    private static Position at(long revision) {
        return new Position(revision, false);
    }

    @Test
    void shouldShowDeliveredInFlightAndLastAttemptWhenADocumentIsRetrying() {
        String url = "http://api.company.com/users/1";
        states.add(state(url, at(1), at(1), at(2), Outcome.RETRYING, 0));

        TestApi.Reply reply = api.get(base() + "/documents/" + url);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.at("/delivered/revision").asLong()).isEqualTo(1);
        assertThat(body.at("/inFlight/revision").asLong()).isEqualTo(2);
        assertThat(body.path("attempts").asInt()).isEqualTo(3);
        assertThat(body.path("lastOutcome").asText()).isEqualTo("retrying");
        assertThat(body.path("lastStatus").asInt()).isEqualTo(503);
    }

    @Test
    void shouldAnswer404WhenTheSubscriptionHasNothingOfTheDocument() {
        TestApi.Reply reply = api.get(base() + "/documents/http%3A%2F%2Fapi.company.com%2Fusers%2F9");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("detail").asText()).contains("http://api.company.com/users/9");
    }

    @Test
    void shouldCountDocumentsByWhereTheirDeliveryStandsWhenAskedForStatus() {
        states.add(state("http://api.company.com/users/1", at(1), at(1), null, Outcome.DELIVERED, 0));
        states.add(state("http://api.company.com/users/2", null, null, at(1), Outcome.RETRYING, 5));
        states.add(state("http://api.company.com/users/3", null, null, at(4), null, 2));
        states.add(state("http://api.company.com/users/4", null, at(2), null, Outcome.DEAD_LETTERED, 1));
        states.add(state("http://api.company.com/users/5", null, at(2), null, Outcome.DISCARDED, 1));

        JsonNode body = api.get(base() + "/status").json();

        assertThat(body.path("state").asText()).isEqualTo("active");
        assertThat(body.path("documents").asLong()).isEqualTo(5);
        assertThat(body.path("delivered").asLong()).isEqualTo(1);
        assertThat(body.path("pending").asLong()).isEqualTo(2);
        assertThat(body.path("retrying").asLong()).isEqualTo(1);
        assertThat(body.path("dead").asLong()).isEqualTo(1);
        assertThat(body.path("discarded").asLong()).isEqualTo(1);
        assertThat(body.path("oldestPendingSince").asText())
                .isEqualTo(T0.plusSeconds(120).toString());
        assertThat(body.path("oldestPendingSeconds").asLong()).isPositive();
    }

    @Test
    void shouldPageDeadLettersOldestFirstWhenListed() {
        for (int i = 1; i <= 3; i++) {
            states.add(state("http://api.company.com/users/" + i, null, at(i), null, Outcome.DEAD_LETTERED, 10 - i));
        }
        states.add(state("http://api.company.com/users/9", at(1), at(1), null, Outcome.DELIVERED, 0));

        TestApi.Reply reply = api.get(base() + "/dead-letters?limit=2&offset=0");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.at("/pagination/total").asInt()).isEqualTo(3);
        assertThat(body.path("deadLetters")
                        .valueStream()
                        .map(l -> l.path("documentUrl").asText()))
                .containsExactly("http://api.company.com/users/3", "http://api.company.com/users/2");
        JsonNode first = body.path("deadLetters").get(0);
        assertThat(first.path("revision").asLong()).isEqualTo(3);
        assertThat(first.path("attempts").asInt()).isEqualTo(3);
        assertThat(first.path("lastError").asText()).isEqualTo("HTTP 503");
        assertThat(first.path("webhookId").asText()).startsWith("msg_");
    }

    @Test
    void shouldWriteOneCommandPerDeadLetterKeyedByDocumentWhenRedriven() {
        states.add(state("http://api.company.com/users/1", null, at(1), null, Outcome.DEAD_LETTERED, 1));
        states.add(state("http://api.company.com/users/2", at(2), at(3), null, Outcome.DEAD_LETTERED, 2));
        states.add(state("http://api.company.com/users/3", at(1), at(1), null, Outcome.DELIVERED, 0));

        TestApi.Reply reply = api.post(base() + "/dead-letters/redrive", "");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("redriven").asInt()).isEqualTo(2);
        assertThat(reply.json().path("remaining").asInt()).isZero();
        assertThat(api.producer.history())
                .allSatisfy(r -> assertThat(r.topic()).isEqualTo(TestApi.TOPICS.deliveryCommands()))
                .extracting(r -> r.key())
                .containsExactly("http://api.company.com/users/1", "http://api.company.com/users/2");
        DeliveryCommand command = JsonSerde.of(DeliveryCommand.class)
                .deserializer()
                .deserialize("t", api.producer.history().get(1).value());
        assertThat(command.type()).isEqualTo(DeliveryCommand.Type.REDRIVE);
        assertThat(command.subscriptionId()).isEqualTo(sid);
        assertThat(command.position()).isEqualTo(at(3));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheStateIsNotReadable() {
        api.deliveryStates.set(new DeliveryStateLookup() {
            @Override
            public Optional<SubscriptionDeliveryState> deliveryState(String subscriptionId, String documentUrl) {
                throw new StateUnavailableException("rebalancing", null);
            }

            @Override
            public void forEachDeliveryState(String subscriptionId, Consumer<SubscriptionDeliveryState> visitor) {
                throw new StateUnavailableException("rebalancing", null);
            }

            @Override
            public List<CommandProgress> commandProgress(String subscriptionId) {
                throw new StateUnavailableException("rebalancing", null);
            }
        });

        TestApi.Reply reply = api.get(base() + "/status");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void shouldAnswer404WhenTheSubscriptionIsUnknown() {
        assertThat(api.get("/resources/" + resource.id() + "/subscriptions/nope/status")
                        .status())
                .isEqualTo(404);
        assertThat(api.post("/resources/" + resource.id() + "/subscriptions/nope/dead-letters/redrive", "")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldWriteAReplayCommandToEveryPartitionWhenAsked() {
        TestApi.Reply reply = api.post(base() + "/replay", "{\"from\": \"2026-11-01T00:00:00Z\", \"reset\": true}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("partitions").asInt()).isEqualTo(TestApi.COMMAND_PARTITIONS);
        assertThat(api.producer.history()).extracting(ProducerRecord::partition).containsExactlyInAnyOrder(0, 1, 2);
        DeliveryCommand command = JsonSerde.of(DeliveryCommand.class)
                .deserializer()
                .deserialize("t", api.producer.history().get(0).value());
        assertThat(command.type()).isEqualTo(DeliveryCommand.Type.REPLAY);
        assertThat(command.since()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(command.reset()).isTrue();
    }

    @Test
    void shouldReplayEverythingWithoutResetWhenPostedWithoutABody() {
        TestApi.Reply reply = api.send(java.net.http.HttpRequest.newBuilder(api.uri(base() + "/replay"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().path("from").isNull()).isTrue();
        assertThat(reply.json().path("reset").asBoolean()).isFalse();
    }

    @Test
    void shouldNameTheBadFieldsWhenAReplayRequestIsInvalid() {
        TestApi.Reply reply = api.post(base() + "/replay", "{\"from\": \"yesterday\", \"reset\": \"yes\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("from", "reset");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldCountPartitionsDoneOfTheReplayAskedAboutWhenProgressIsRead() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        progress.add(new CommandProgress(sid, DeliveryCommand.Type.REPLAY, at.minusSeconds(60), 0, 9, at));
        progress.add(new CommandProgress(sid, DeliveryCommand.Type.REPLAY, at, 1, 40, at));
        progress.add(new CommandProgress(sid, DeliveryCommand.Type.REPLAY, at, 2, 2, at));

        JsonNode body = api.get(base() + "/replay?at=" + at).json();

        assertThat(body.path("partitions").asInt()).isEqualTo(TestApi.COMMAND_PARTITIONS);
        assertThat(body.path("done").asInt()).isEqualTo(2);
        assertThat(body.path("documents").asLong()).isEqualTo(42);
        assertThat(body.path("complete").asBoolean()).isFalse();
    }
}
