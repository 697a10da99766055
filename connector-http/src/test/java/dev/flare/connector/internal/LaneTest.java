package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.connector.ConnectorConfig;
import dev.flare.connector.RequestSigner;
import dev.flare.model.Action;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryResult;
import dev.flare.model.Endpoint;
import dev.flare.model.Outcome;
import dev.flare.model.Subscription;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.JsonSerde;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneTest {

    private static final Topics TOPICS = new Topics("t");
    private static final TopicPartition PARTITION = new TopicPartition(TOPICS.deliveries(), 0);
    private static final TopicPartition RETRY_1 = new TopicPartition(TOPICS.retry(1), 0);
    private static final List<Duration> TIERS = List.of(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            Duration.ofHours(6));

    private final List<Duration> pollTimeouts = new CopyOnWriteArrayList<>();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            pollTimeouts.add(timeout);
            return super.poll(timeout);
        }
    };
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Catalog catalog = new Catalog();
    private CallClients clients;
    private AddressGuard guard = new AddressGuard(List.of());
    private final AtomicInteger calls = new AtomicInteger();
    private MockWebServer server;
    private Thread thread;
    private Lane lane;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (lane != null) {
            lane.stop();
            thread.join(5_000);
        }
        if (clients != null) {
            HttpClients.shutdown(clients.client(clients.timeouts(null)));
        }
        if (server != null) {
            server.close();
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
        Await.until(() -> producer.history().size() == 3, Duration.ofSeconds(5));

        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        assertThat(history)
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.deliveryResults(), TOPICS.deadLetters(), TOPICS.deliveryResults());
        assertThat(result(history.get(0)).subscriptionId()).isEqualTo("s1");
        assertThat(result(history.get(0)).outcome()).isEqualTo(Outcome.DROPPED);
        assertThat(result(history.get(2)).subscriptionId()).isEqualTo("s2");
        Await.until(() -> lastCommitted() == 3L, Duration.ofSeconds(5));
    }

    @Test
    void shouldCountOutcomesByLaneWhenRecordsComplete() throws InterruptedException {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.addRecord(record(0, delivery("s1", 1)));
        });

        start();

        Await.until(
                () -> registry.find("flare.deliveries")
                                .tags("lane", "main", "outcome", "dropped")
                                .counter()
                        != null,
                Duration.ofSeconds(5));
    }

    @Test
    void shouldMoveHeadUnchangedToTierFittingRemainingWaitWhenTierDelayHasPassed() throws InterruptedException {
        Instant now = Instant.now();
        byte[] waiting = delivery("s1", 1, now.plus(Duration.ofMinutes(20)));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(RETRY_1));
            consumer.updateBeginningOffsets(Map.of(RETRY_1, 0L));
            consumer.addRecord(timestamped(RETRY_1, 0, now.minusSeconds(10), waiting));
            consumer.addRecord(timestamped(RETRY_1, 1, now.minusSeconds(9), delivery("s2", 1, now.minusSeconds(1))));
        });

        startRetryLane();
        Await.until(() -> producer.history().size() == 2, Duration.ofSeconds(5));

        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        assertThat(history.get(0).topic()).isEqualTo(TOPICS.retry(4));
        assertThat(history.get(0).value()).isEqualTo(waiting);
        assertThat(history.get(1).topic()).isEqualTo(TOPICS.deliveryResults());
        assertThat(result(history.get(1)).subscriptionId()).isEqualTo("s2");
        Await.until(() -> lastCommitted(RETRY_1) == 2L, Duration.ofSeconds(5));
        assertThat(registry.find("flare.retry.hops").tags("lane", "retry-1").counter())
                .isNotNull();
    }

    @Test
    void shouldPauseWithoutProducingWhenHeadIsNotDueAndTierDelayHasNotPassed() throws InterruptedException {
        Instant now = Instant.now();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(RETRY_1));
            consumer.updateBeginningOffsets(Map.of(RETRY_1, 0L));
            consumer.addRecord(timestamped(RETRY_1, 0, now, delivery("s1", 1, now.plus(Duration.ofHours(1)))));
            consumer.addRecord(timestamped(RETRY_1, 1, now, delivery("s2", 1, now.minusSeconds(1))));
        });

        startRetryLane();
        Await.until(() -> consumer.paused().contains(RETRY_1), Duration.ofSeconds(5));

        assertThat(producer.history()).isEmpty();
        assertThat(consumer.position(RETRY_1)).isZero();
    }

    @Test
    void shouldNotLeaveTheConsumerWaitingInPollWhileAPartitionIsPaused() throws InterruptedException {
        Instant now = Instant.now();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(RETRY_1));
            consumer.updateBeginningOffsets(Map.of(RETRY_1, 0L));
            consumer.addRecord(timestamped(RETRY_1, 0, now, delivery("s1", 1, now.plus(Duration.ofHours(1)))));
        });

        startRetryLane();
        Await.until(() -> consumer.paused().contains(RETRY_1), Duration.ofSeconds(5));
        int seen = pollTimeouts.size();
        Await.until(() -> pollTimeouts.size() >= seen + 3, Duration.ofSeconds(5));

        assertThat(List.copyOf(pollTimeouts).subList(seen, seen + 3))
                .allSatisfy(timeout -> assertThat(timeout).isLessThanOrEqualTo(Duration.ofMillis(5)));
    }

    @Test
    void shouldReportUnreadRecordsAsBacklogWhenBehindEndOffset() throws InterruptedException {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.updateEndOffsets(Map.of(PARTITION, 10L));
            consumer.addRecord(record(0, delivery("s1", 1)));
        });

        start();

        Await.until(
                () -> {
                    Gauge gauge = registry.find("flare.deliveries.backlog")
                            .tags("lane", "main")
                            .gauge();
                    return gauge != null && gauge.value() == 9.0;
                },
                Duration.ofSeconds(5));
    }

    private long lastCommitted() {
        return lastCommitted(PARTITION);
    }

    private long lastCommitted(TopicPartition partition) {
        OffsetAndMetadata offset = lastCommit(partition);
        return offset == null ? -1 : offset.offset();
    }

    private OffsetAndMetadata lastCommit(TopicPartition partition) {
        List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> commits = producer.consumerGroupOffsetsHistory();
        if (commits.isEmpty()) {
            return null;
        }
        return commits.get(commits.size() - 1).values().iterator().next().get(partition);
    }

    private void start() {
        start(new Lane.Settings("main", TOPICS.deliveries(), null, 100, Duration.ofMillis(10)));
    }

    @Test
    void shouldWriteResultsPastASlowCallAndListThemInTheCommittedMetadata() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        startSlowReceiver(release);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.addRecord(record(0, delivery("slow", 1)));
            consumer.addRecord(record(1, delivery("gone-1", 1)));
            consumer.addRecord(record(2, delivery("gone-2", 1)));
        });

        start();
        Await.until(() -> producer.history().size() == 2, Duration.ofSeconds(5));

        assertThat(producer.history())
                .extracting(r -> result(r).subscriptionId())
                .as("the results behind the slow call are not held back by it")
                .containsExactly("gone-1", "gone-2");
        OffsetAndMetadata committed = lastCommit(PARTITION);
        assertThat(committed.offset()).isZero();
        assertThat(CompletedOffsets.decode(0, committed.metadata())).containsExactly(new CompletedOffsets.Range(1, 3));
        release.countDown();
        Await.until(() -> lastCommitted() == 3L, Duration.ofSeconds(5));
        assertThat(producer.history()).hasSize(3);
        assertThat(lastCommit(PARTITION).metadata()).isEmpty();
    }

    @Test
    void shouldSkipDeliveriesTheCommittedMetadataListsAsCompletedWhenResuming() throws Exception {
        CountDownLatch release = new CountDownLatch(0);
        startSlowReceiver(release);
        String listed = CompletedOffsets.encode(
                        0, List.of(new CompletedOffsets.Range(1, 3)), CompletedOffsets.MAX_CHARS)
                .metadata();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(0, listed)));
            for (int offset = 0; offset < 4; offset++) {
                consumer.addRecord(record(offset, delivery("slow", offset + 1)));
            }
        });

        start();
        Await.until(() -> lastCommitted() == 4L, Duration.ofSeconds(5));

        assertThat(calls.get())
                .as("offsets 1 and 2 were delivered before the restart")
                .isEqualTo(2);
        assertThat(producer.history()).extracting(r -> result(r).revision()).containsExactlyInAnyOrder(1L, 4L);
    }

    @Test
    void shouldKeepDispatchingPastMaxInFlightWhenCompletedRecordsWaitBehindASlowCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        startSlowReceiver(release);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            consumer.addRecord(record(0, delivery("slow", 1)));
        });
        for (int offset = 1; offset <= 5; offset++) {
            long at = offset;
            consumer.schedulePollTask(() -> consumer.addRecord(record(at, delivery("gone-" + at, 1))));
        }

        start(new Lane.Settings("main", TOPICS.deliveries(), null, 2, Duration.ofMillis(10)));
        Await.until(() -> counted("dropped") == 5.0, Duration.ofSeconds(5));

        Await.until(() -> calls.get() == 1, Duration.ofSeconds(5));
        Await.until(() -> producer.history().size() == 5, Duration.ofSeconds(5));
        assertThat(lastCommitted())
                .as("the slow call holds the committed offset")
                .isZero();
        release.countDown();
        Await.until(() -> lastCommitted() == 6L, Duration.ofSeconds(5));
        assertThat(producer.history()).hasSize(6);
    }

    @Test
    void shouldStopDispatchingAtMaxInFlightWithinOnePollAndSeekBackToTheRest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        startSlowReceiver(release);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (int offset = 0; offset < 5; offset++) {
                consumer.addRecord(record(offset, delivery("slow", offset + 1)));
            }
        });

        start(new Lane.Settings("main", TOPICS.deliveries(), null, 2, Duration.ofMillis(10)));
        Await.until(() -> calls.get() == 2 && consumer.paused().contains(PARTITION), Duration.ofSeconds(5));

        assertThat(consumer.position(PARTITION))
                .as("the records past the bound are read again later")
                .isEqualTo(2L);
        release.countDown();
        Await.until(() -> lastCommitted() == 2L, Duration.ofSeconds(5));
        assertThat(consumer.position(PARTITION))
                .as("the next poll reads from the first record not yet handed out")
                .isEqualTo(2L);
        assertThat(calls.get()).isEqualTo(2);
    }

    /** A receiver whose calls wait for {@code release}; {@link #calls} counts the calls that arrived. */
    private void startSlowReceiver(CountDownLatch release) throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                calls.incrementAndGet();
                release.await(10, TimeUnit.SECONDS);
                return new MockResponse.Builder().code(200).build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        guard = new AddressGuard(
                new ConnectorConfig(Map.of(ConnectorConfig.ALLOWED_CIDRS, "127.0.0.0/8")).allowedCidrs());
        clients = new CallClients(
                HttpClients.create(guard, Duration.ofSeconds(1), Duration.ofSeconds(10), 16, 16),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
        catalog.putSubscription(new Subscription(
                "slow",
                "r1",
                new Endpoint("http://127.0.0.1:" + server.getPort() + "/slow", null, null, null),
                null,
                null,
                null,
                Instant.EPOCH));
    }

    private double counted(String outcome) {
        Counter counter = registry.find("flare.deliveries")
                .tags("lane", "main", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void startRetryLane() {
        start(new Lane.Settings("retry-1", TOPICS.retry(1), TIERS.get(0), 100, Duration.ofMillis(10)));
    }

    private void start(Lane.Settings settings) {
        Clock clock = Clock.systemUTC();
        DeliveryAttempt attempts = new DeliveryAttempt(
                catalog,
                clients,
                guard,
                new CallbackRequests("Flare/test", RequestSigner.NONE, Optional.empty(), clock),
                new RetrySchedule(TIERS, 0.0),
                new SubscriptionGates(new SubscriptionGates.Settings(16, 16, 5, Duration.ofSeconds(30)), clock),
                TOPICS,
                clock,
                Duration.ZERO);
        lane = new Lane(settings, () -> consumer, () -> producer, attempts, new ConnectorMetrics(registry), clock);
        thread = Thread.ofPlatform().name("lane-test").start(lane);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(
                PARTITION.topic(), PARTITION.partition(), offset, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    private static ConsumerRecord<byte[], byte[]> timestamped(
            TopicPartition partition, long offset, Instant timestamp, byte[] value) {
        return new ConsumerRecord<>(
                partition.topic(),
                partition.partition(),
                offset,
                timestamp.toEpochMilli(),
                TimestampType.CREATE_TIME,
                1,
                value.length,
                "k".getBytes(StandardCharsets.UTF_8),
                value,
                new RecordHeaders(),
                Optional.empty());
    }

    private static byte[] delivery(String subscription, long revision) {
        return delivery(subscription, revision, null);
    }

    private static byte[] delivery(String subscription, long revision, Instant dueAt) {
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
                dueAt,
                null,
                null);
        return JsonSerde.of(Delivery.class).serializer().serialize(TOPICS.deliveries(), delivery);
    }

    private static DeliveryResult result(ProducerRecord<byte[], byte[]> record) {
        return JsonSerde.of(DeliveryResult.class).deserializer().deserialize(record.topic(), record.value());
    }
}
