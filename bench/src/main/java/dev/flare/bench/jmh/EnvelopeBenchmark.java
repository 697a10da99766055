package dev.flare.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.bench.internal.Documents;
import dev.flare.connector.StandardWebhooksSigner;
import dev.flare.connector.internal.CallbackRequests;
import dev.flare.model.Action;
import dev.flare.model.Delivery;
import dev.flare.model.Endpoint;
import dev.flare.model.Subscription;
import dev.flare.model.json.Json;
import dev.flare.model.json.RawJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Shaping the callback of one delivery of a 1 KiB document, as the connector does for every attempt: the envelope
 * body alone ({@link CallbackRequests#body}) and the whole unsigned OkHttp request ({@link CallbackRequests#build}).
 * The subscription is the default one (envelope with the document, no {@code data}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-23T12:11:17Z");

    private final Subscription subscription = new Subscription(
            "s1", "r1", new Endpoint("http://127.0.0.1:9000/hooks/{id}", null, null, null), null, null, null, NOW);
    private final Map<String, String> wildcards = Map.of("id", "42");
    private final CallbackRequests requests = new CallbackRequests(
            "Flare/bench", new StandardWebhooksSigner(Optional.empty()), Optional.empty(), Clock.systemUTC());
    private JsonNode document;
    private Delivery delivery;

    @Setup
    public void readDocument() throws IOException {
        document = Json.mapper().readTree(Documents.body(42, 7));
        delivery = new Delivery(
                "s1",
                "r1",
                Documents.url("ns", 42),
                Action.UPDATE,
                7,
                6L,
                false,
                RawJson.of(document),
                NOW,
                1,
                null,
                null,
                null);
    }

    @Benchmark
    public byte[] referenceWriteDocument() throws JsonProcessingException {
        return Json.mapper().writeValueAsBytes(document);
    }

    @Benchmark
    public byte[] envelopeBody() {
        return CallbackRequests.body(delivery, subscription, wildcards);
    }

    @Benchmark
    public Request unsignedRequest() {
        return requests.build(delivery, subscription, wildcards);
    }
}
