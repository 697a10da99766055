package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.connector.RequestSigner;
import dev.flare.model.Action;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryResult;
import dev.flare.model.Outcome;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.JsonSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneTest {

    private static final Topics TOPICS = new Topics("t");
    private static final TopicPartition PARTITION = new TopicPartition(TOPICS.deliveries(), 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Thread thread;
    private Lane lane;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (lane != null) {
            lane.stop();
            thread.join(5_000);
        }
    }

    @Test
    void shouldCommitResultsWithNextOffsetInOffsetOrderWhenRecordsComplete() throws InterruptedException {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.addRecord(record(0, delivery("s1", 1)));
            consumer.addRecord(record(1, "not json".getBytes(StandardCharsets.UTF_8)));
            consumer.addRecord(record(2, delivery("s2", 2)));
        });

        start();
        awaitTrue(() -> producer.history().size() == 3);

        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        assertThat(history)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.deliveryResults(), TOPICS.deadLetters(), TOPICS.deliveryResults());
        assertThat(result(history.get(0)).subscriptionId()).isEqualTo("s1");
        assertThat(result(history.get(0)).outcome()).isEqualTo(Outcome.DROPPED);
        assertThat(result(history.get(2)).subscriptionId()).isEqualTo("s2");
        awaitTrue(() -> lastCommitted() == 3L);
    }

    @Test
    void shouldCountOutcomesByLaneWhenRecordsComplete() throws InterruptedException {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.addRecord(record(0, delivery("s1", 1)));
        });

        start();

        awaitTrue(() -> registry.find("flare.deliveries")
                        .tags("lane", "main", "outcome", "dropped")
                        .counter()
                != null);
    }

    private long lastCommitted() {
        List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> commits = producer.consumerGroupOffsetsHistory();
        if (commits.isEmpty()) {
            return -1;
        }
        OffsetAndMetadata offset =
                commits.get(commits.size() - 1).values().iterator().next().get(PARTITION);
        return offset == null ? -1 : offset.offset();
    }

    private void start() {
        Clock clock = Clock.systemUTC();
        DeliveryAttempt attempts = new DeliveryAttempt(
                new Catalog(),
                null,
                new AddressGuard(List.of()),
                new CallbackRequests("Flare/test", RequestSigner.NONE, clock),
                new RetrySchedule(List.of(Duration.ofSeconds(1)), 0.0),
                new SubscriptionGates(new SubscriptionGates.Settings(16, 16, 5, Duration.ofSeconds(30)), clock),
                TOPICS,
                clock,
                Duration.ZERO);
        lane = new Lane(
                new Lane.Settings("main", TOPICS.deliveries(), null, 100, Duration.ofMillis(10)),
                () -> consumer,
                () -> producer,
                attempts,
                new ConnectorMetrics(registry),
                clock);
        thread = Thread.ofPlatform().name("lane-test").start(lane);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(
                PARTITION.topic(), PARTITION.partition(), offset, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] delivery(String subscription, long revision) {
        Delivery delivery = new Delivery(
                subscription,
                "r1",
                "http://api.example.com/users/1",
                Action.CREATE,
                revision,
                null,
                false,
                null,
                Instant.EPOCH,
                1,
                null,
                null,
                null);
        return JsonSerde.of(Delivery.class).serializer().serialize(TOPICS.deliveries(), delivery);
    }

    private static DeliveryResult result(ProducerRecord<byte[], byte[]> record) {
        return JsonSerde.of(DeliveryResult.class).deserializer().deserialize(record.topic(), record.value());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
