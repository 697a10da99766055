package dev.flare.connector.internal;

import dev.flare.model.Delivery;
import dev.flare.model.json.JsonSerde;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer loop over one topic (the deliveries topic or one retry tier): hands each record to an asynchronous
 * {@link DeliveryAttempt} and, every commit interval, writes the outputs of every record completed since in one Kafka
 * transaction with, per partition, the offset before its first incomplete record and, as that offset's metadata, the
 * completed records past it ({@link PartitionTracker}), which a lane resuming the partition skips.
 *
 * <p>A retry tier with delay D waits for a partition's head record (pausing the partition, never sleeping) only
 * until {@code min(dueAt, record timestamp + D)}; a head still not due then is moved unchanged to the tier fitting
 * its remaining wait, so one long wait never holds up the records behind it.
 */
// Note: a delivery's result becomes visible to the topology only in the transaction that also records the delivery
// as completed (committed past, or listed in the offset metadata), and a resumed lane skips what is recorded. So
// after a crash only deliveries without a written result are called again: the topology has emitted nothing newer
// for their (subscription, document), and a re-send is only ever a duplicate of the same version (same webhook-id,
// receivers dedupe), never an older one (spec §3 I2, I3).
public final class Lane implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private static final Deserializer<Delivery> DELIVERY =
            JsonSerde.of(Delivery.class).deserializer();
    /**
     * How long a lane with some partitions paused lets the consumer wait for the others' records: long enough for it
     * to send its fetch requests, short enough that its spinning costs little. With all paused it does not wait.
     */
    private static final Duration WAITING_POLL = Duration.ofMillis(5);

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration BACKLOG_INTERVAL = Duration.ofSeconds(1);
    // Note: records read past a slow one of the same partition stay tracked, uncommitted, until it completes (their
    // outcomes are written meanwhile); about a hundred bytes each, they count against a larger bound, so one slow
    // call does not stop the lane for everyone else.
    private static final int UNCOMMITTED_FACTOR = 50;
    private static final int MAX_UNCOMMITTED = 100_000;

    private final String name;
    private final String topic;
    private final boolean retryLane;
    private final Duration tierDelay;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final DeliveryAttempt attempts;
    private final ConnectorMetrics metrics;
    private final int maxInFlight;
    private final int maxUncommitted;
    private final Duration commitInterval;
    private final Duration pollTimeout;
    private final Clock clock;
    private final AtomicInteger inFlight;
    private final AtomicLong backlog;
    private final AtomicLong oldestPending;
    private final Timer commitTimer;
    private final Map<TopicPartition, PartitionTracker<AttemptOutcome>> trackers = new HashMap<>();
    private final Map<TopicPartition, Instant> waitingUntil = new HashMap<>();

    private Instant nextBacklog = Instant.MIN;
    private volatile boolean running = true;
    private Consumer<byte[], byte[]> consumer;
    private Producer<byte[], byte[]> producer;

    /**
     * Settings of one lane.
     *
     * @param tierDelay the delay of the lane's retry tier, null for the deliveries topic
     */
    public record Settings(String name, String topic, Duration tierDelay, int maxInFlight, Duration commitInterval) {

        public boolean retryLane() {
            return tierDelay != null;
        }
    }

    public Lane(
            Settings settings,
            Supplier<Consumer<byte[], byte[]>> consumers,
            Supplier<Producer<byte[], byte[]>> producers,
            DeliveryAttempt attempts,
            ConnectorMetrics metrics,
            Clock clock) {
        this.name = settings.name();
        this.topic = settings.topic();
        this.retryLane = settings.retryLane();
        this.tierDelay = settings.tierDelay();
        this.maxInFlight = settings.maxInFlight();
        this.maxUncommitted = Math.max(maxInFlight, Math.min(maxInFlight * UNCOMMITTED_FACTOR, MAX_UNCOMMITTED));
        this.commitInterval = settings.commitInterval();
        this.pollTimeout =
                commitInterval.compareTo(Duration.ofMillis(100)) < 0 ? commitInterval : Duration.ofMillis(100);
        this.consumers = consumers;
        this.producers = producers;
        this.attempts = attempts;
        this.metrics = metrics;
        this.clock = clock;
        this.inFlight = metrics.inFlight(name);
        this.backlog = metrics.backlog(name);
        this.oldestPending = metrics.oldestPending(name);
        this.commitTimer = metrics.commit(name);
    }

    public String name() {
        return name;
    }

    /** Asks the loop to stop: it stops polling, commits what completes within a few seconds, and closes. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            producer = newProducer();
            consumer = consumers.get();
            consumer.subscribe(List.of(topic), new Rebalance());
            Instant nextCommit = clock.instant().plus(commitInterval);
            while (running) {
                dispatch(poll());
                if (!clock.instant().isBefore(nextCommit)) {
                    commit();
                    nextCommit = clock.instant().plus(commitInterval);
                }
                updatePauses();
            }
            drain();
        } catch (InterruptException e) {
            LOG.warn("Lane {} interrupted", name);
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Lane {} stopped on an unexpected error", name, e);
        } finally {
            closeClients();
        }
    }

    /**
     * The next records. While partitions are paused (retries not yet due, or the lane full), the lane polls briefly
     * and otherwise waits the rest of a poll interval itself: Kafka's consumer, holding fetched records of a paused
     * partition, returns nothing but keeps spinning until its timeout, which burnt a core per waiting lane.
     */
    private ConsumerRecords<byte[], byte[]> poll() {
        Set<TopicPartition> assignment = consumer.assignment();
        Set<TopicPartition> paused = consumer.paused();
        boolean waiting = !assignment.isEmpty() && (paused.containsAll(assignment) || (retryLane && !paused.isEmpty()));
        if (!waiting) {
            return consumer.poll(pollTimeout);
        }
        Duration brief = paused.containsAll(assignment) ? Duration.ZERO : WAITING_POLL;
        ConsumerRecords<byte[], byte[]> records = consumer.poll(brief);
        if (records.isEmpty()) {
            try {
                Duration rest = pollTimeout.minus(brief);
                if (rest.isPositive()) {
                    Thread.sleep(rest);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
        return records;
    }

    /**
     * Hands the records to attempts until the lane holds {@code maxInFlight} incomplete ones; the rest of each
     * partition is sought back and read again once calls have finished (one poll returns up to
     * {@code max.poll.records}, which would otherwise overshoot the bound by that much).
     */
    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        resume(records.partitions());
        Instant now = clock.instant();
        int incomplete = incomplete();
        for (TopicPartition partition : records.partitions()) {
            PartitionTracker<AttemptOutcome> tracker = trackers.get(partition);
            List<ConsumerRecord<byte[], byte[]>> read = records.records(partition);
            if (!tracker.resumed()) {
                consumer.seek(partition, read.get(0).offset());
                continue;
            }
            incomplete = dispatch(partition, tracker, read, incomplete, now);
        }
    }

    /** Dispatches one partition's records; returns how many incomplete records the lane holds after. */
    private int dispatch(
            TopicPartition partition,
            PartitionTracker<AttemptOutcome> tracker,
            List<ConsumerRecord<byte[], byte[]>> read,
            int incompleteBefore,
            Instant now) {
        int incomplete = incompleteBefore;
        for (ConsumerRecord<byte[], byte[]> record : read) {
            if (tracker.listedCompleted(record.offset())) {
                PartitionTracker.Ticket unused = tracker.track(record.offset(), now.toEpochMilli());
                continue;
            }
            if (incomplete >= maxInFlight) {
                consumer.seek(partition, record.offset());
                break;
            }
            Delivery delivery = read(record);
            Instant due = retryLane && delivery != null ? delivery.dueAt() : null;
            if (due != null && due.isAfter(now)) {
                Instant hopAt = hopAt(record, due);
                if (hopAt.isAfter(now)) {
                    consumer.seek(partition, record.offset());
                    consumer.pause(Set.of(partition));
                    waitingUntil.put(partition, hopAt);
                    break;
                }
                PartitionTracker.Ticket ticket = tracker.track(record.offset(), now.toEpochMilli());
                if (ticket != null) {
                    Duration remaining = Duration.between(now, due);
                    complete(tracker, ticket, attempts.hop(record.key(), record.value(), record.headers(), remaining));
                }
                continue;
            }
            PartitionTracker.Ticket ticket = tracker.track(record.offset(), pendingSince(record, due, now));
            if (ticket == null) {
                continue;
            }
            if (delivery == null) {
                complete(tracker, ticket, attempts.poison(record.key(), record.value(), poisonReason(record)));
            } else {
                attempt(tracker, ticket, record.key(), delivery);
                incomplete++;
            }
        }
        return incomplete;
    }

    /**
     * Reads the committed offset and metadata of the partitions not resumed yet; a partition whose read fails is
     * read again later.
     */
    private void resume(Set<TopicPartition> partitions) {
        Set<TopicPartition> pending = new HashSet<>();
        for (TopicPartition partition : partitions) {
            PartitionTracker<AttemptOutcome> tracker =
                    trackers.computeIfAbsent(partition, p -> new PartitionTracker<>());
            if (!tracker.resumed()) {
                pending.add(partition);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(pending);
            pending.forEach(partition -> resume(partition, committed.get(partition)));
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Lane {} could not read its committed offsets; will retry: {}", name, e.toString());
        }
    }

    private void resume(TopicPartition partition, OffsetAndMetadata committed) {
        PartitionTracker<AttemptOutcome> tracker = trackers.computeIfAbsent(partition, p -> new PartitionTracker<>());
        if (committed == null) {
            tracker.resume(-1, List.of());
            return;
        }
        List<CompletedOffsets.Range> completed;
        try {
            completed = CompletedOffsets.decode(committed.offset(), committed.metadata());
        } catch (IllegalArgumentException e) {
            LOG.error(
                    "Lane {} cannot read which deliveries of {} completed past offset {} ({}); they are called again",
                    name,
                    partition,
                    committed.offset(),
                    e.getMessage());
            completed = List.of();
        }
        tracker.resume(committed.offset(), completed);
        if (!completed.isEmpty()) {
            LOG.info(
                    "Lane {} resumes {} at offset {}, skipping {} deliveries completed before",
                    name,
                    partition,
                    committed.offset(),
                    completed.stream().mapToLong(r -> r.end() - r.start()).sum());
        }
    }

    private void attempt(
            PartitionTracker<AttemptOutcome> tracker, PartitionTracker.Ticket ticket, byte[] key, Delivery delivery) {
        CompletableFuture<AttemptOutcome> pending;
        try {
            pending = attempts.attempt(key, delivery);
        } catch (RuntimeException e) {
            pending = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<AttemptOutcome> unused = pending.whenComplete((outcome, error) ->
                complete(tracker, ticket, outcome != null ? outcome : attempts.internalError(key, delivery, error)));
    }

    /** When a retry lane stops waiting for a head record: when it is due, or after its tier's delay. */
    private Instant hopAt(ConsumerRecord<byte[], byte[]> record, Instant due) {
        if (record.timestamp() < 0) {
            return due;
        }
        Instant hop = Instant.ofEpochMilli(record.timestamp()).plus(tierDelay);
        return hop.isBefore(due) ? hop : due;
    }

    /** Since when a record has been waiting for this lane: since it was written, or due when later. */
    private static long pendingSince(ConsumerRecord<byte[], byte[]> record, Instant due, Instant now) {
        long written = record.timestamp() >= 0 ? record.timestamp() : now.toEpochMilli();
        return due == null ? written : Math.max(written, due.toEpochMilli());
    }

    private void complete(
            PartitionTracker<AttemptOutcome> tracker, PartitionTracker.Ticket ticket, AttemptOutcome outcome) {
        if (tracker.complete(ticket, outcome)) {
            metrics.attempted(name, outcome);
        }
    }

    private static Delivery read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            Delivery delivery = DELIVERY.deserialize(record.topic(), record.value());
            boolean complete = delivery != null
                    && delivery.subscriptionId() != null
                    && delivery.documentUrl() != null
                    && delivery.action() != null;
            return complete ? delivery : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String poisonReason(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return "record has no value";
        }
        try {
            DELIVERY.deserialize(record.topic(), record.value());
            return "record lacks subscriptionId, documentUrl or action";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "not a readable Delivery: " + cause.getMessage();
        }
    }

    private int incomplete() {
        return trackers.values().stream().mapToInt(PartitionTracker::pending).sum();
    }

    private void updatePauses() {
        Set<TopicPartition> assignment = consumer.assignment();
        int incomplete = incomplete();
        int uncommitted =
                trackers.values().stream().mapToInt(PartitionTracker::size).sum();
        inFlight.set(incomplete);
        Instant now = clock.instant();
        long oldest = trackers.values().stream()
                .mapToLong(PartitionTracker::oldestSince)
                .min()
                .orElse(Long.MAX_VALUE);
        oldestPending.set(oldest == Long.MAX_VALUE ? 0 : Math.max(0, now.toEpochMilli() - oldest));
        if (!now.isBefore(nextBacklog)) {
            nextBacklog = now.plus(BACKLOG_INTERVAL);
            backlog.set(lag(assignment));
        }
        waitingUntil.entrySet().removeIf(e -> !e.getValue().isAfter(now) || !assignment.contains(e.getKey()));
        Set<TopicPartition> shouldPause = incomplete >= maxInFlight || uncommitted >= maxUncommitted
                ? new HashSet<>(assignment)
                : new HashSet<>(waitingUntil.keySet());
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toPause = new HashSet<>(shouldPause);
        toPause.removeAll(paused);
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(shouldPause);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    private long lag(Set<TopicPartition> assignment) {
        long total = 0;
        for (TopicPartition partition : assignment) {
            try {
                total += consumer.currentLag(partition).orElse(0L);
            } catch (IllegalStateException | KafkaException e) {
                LOG.debug("Lane {} has no lag for {} yet", name, partition, e);
            }
        }
        return total;
    }

    /** Writes every partition's new completions with their offsets and metadata in one transaction. */
    void commit() {
        Map<TopicPartition, PartitionTracker.Commit<AttemptOutcome>> commits = new HashMap<>();
        trackers.forEach((partition, tracker) -> {
            PartitionTracker.Commit<AttemptOutcome> commit = tracker.toCommit(CompletedOffsets.MAX_CHARS);
            if (commit != null) {
                commits.put(partition, commit);
            }
        });
        if (commits.isEmpty()) {
            return;
        }
        if (producer == null) {
            producer = newProducerOrNull();
            if (producer == null) {
                return;
            }
        }
        Timer.Sample sample = Timer.start();
        try {
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            commits.forEach((partition, commit) -> {
                for (AttemptOutcome outcome : commit.values()) {
                    for (ProducerRecord<byte[], byte[]> record : outcome.records()) {
                        // Note: a failed send fails commitTransaction, which aborts and keeps the completions.
                        Future<RecordMetadata> unused = producer.send(record);
                    }
                }
                offsets.put(partition, new OffsetAndMetadata(commit.nextOffset(), commit.metadata()));
            });
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            commits.forEach((partition, commit) -> trackers.get(partition).written(commit));
            sample.stop(commitTimer);
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            LOG.warn("Lane {} was fenced ({}); re-reading from the committed offsets", name, e.toString());
            recoverFromFencing();
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Lane {} could not commit; retrying: {}", name, e.toString());
            abort();
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.warn("Lane {} could not abort its transaction; recreating its producer: {}", name, e.toString());
            closeProducer();
            producer = newProducerOrNull();
        }
    }

    private void recoverFromFencing() {
        trackers.values().forEach(PartitionTracker::forget);
        waitingUntil.clear();
        closeProducer();
        producer = newProducerOrNull();
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment);
        for (TopicPartition partition : assignment) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
            resume(partition, offset);
        }
    }

    private void drain() {
        Instant deadline = clock.instant().plus(DRAIN_TIMEOUT);
        consumer.pause(consumer.assignment());
        while (trackers.values().stream().anyMatch(t -> t.size() > 0)
                && clock.instant().isBefore(deadline)) {
            commit();
            if (trackers.values().stream().allMatch(t -> t.size() == 0)) {
                break;
            }
            consumer.poll(commitInterval);
        }
        commit();
    }

    private Producer<byte[], byte[]> newProducer() {
        Producer<byte[], byte[]> created = producers.get();
        try {
            created.initTransactions();
            return created;
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
    }

    private Producer<byte[], byte[]> newProducerOrNull() {
        try {
            return newProducer();
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Lane {} could not start its producer; will retry: {}", name, e.toString());
            return null;
        }
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.debug("Lane {} producer close failed", name, e);
            }
            producer = null;
        }
    }

    private void closeClients() {
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            } catch (KafkaException e) {
                LOG.debug("Lane {} consumer close failed", name, e);
            }
        }
        if (producer != null) {
            try {
                producer.close(CLOSE_TIMEOUT);
            } catch (KafkaException e) {
                LOG.debug("Lane {} producer close failed", name, e);
            }
        }
        inFlight.set(0);
        oldestPending.set(0);
        backlog.set(0);
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                trackers.computeIfAbsent(partition, p -> new PartitionTracker<>());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            commit();
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                PartitionTracker<AttemptOutcome> tracker = trackers.remove(partition);
                if (tracker != null) {
                    tracker.forget();
                }
                waitingUntil.remove(partition);
            }
        }
    }
}
