package dev.flare.ingest.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one record and waits for Kafka's acknowledgement; any failure becomes a 503 with Retry-After. */
public final class KafkaWriter {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWriter.class);

    private final Producer<String, byte[]> producer;
    private final long timeoutMillis;

    public KafkaWriter(Producer<String, byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeoutMillis = timeout.toMillis();
    }

    /**
     * Sends and waits for the acknowledgement; {@code value} null is a tombstone.
     *
     * @throws ProblemException 503 when Kafka did not acknowledge the write in time
     */
    public void write(String topic, String key, byte[] value) {
        writeAll(topic, Map.of(key, Optional.ofNullable(value)));
    }

    /**
     * Sends every record, then waits for all acknowledgements within one timeout.
     *
     * @param records by key; an empty value is a tombstone
     * @throws ProblemException 503 when Kafka did not acknowledge every write in time (some may have landed)
     */
    public void writeAll(String topic, Map<String, Optional<byte[]>> records) {
        acknowledged(topic, () -> {
            List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
            records.forEach(
                    (key, value) -> sends.add(producer.send(new ProducerRecord<>(topic, key, value.orElse(null)))));
            return sends;
        });
    }

    /**
     * Writes {@code value} once to every partition of {@code topic} (a command every task must apply) and waits for
     * all acknowledgements.
     *
     * @return how many partitions were written
     * @throws ProblemException 503 when Kafka did not acknowledge every write in time
     */
    public int writeToEveryPartition(String topic, byte[] value) {
        return acknowledged(topic, () -> {
                    List<PartitionInfo> partitions = producer.partitionsFor(topic);
                    if (partitions.isEmpty()) {
                        throw new KafkaException("topic " + topic + " has no partitions");
                    }
                    List<Future<RecordMetadata>> sends = new ArrayList<>(partitions.size());
                    for (PartitionInfo partition : partitions) {
                        sends.add(producer.send(new ProducerRecord<>(topic, partition.partition(), null, value)));
                    }
                    return sends;
                })
                .size();
    }

    /**
     * The partition count of {@code topic}.
     *
     * @throws ProblemException 503 when Kafka cannot tell
     */
    public int partitions(String topic) {
        try {
            return producer.partitionsFor(topic).size();
        } catch (KafkaException e) {
            LOG.warn("Partitions of {} unknown: {}", topic, e.toString());
            throw unavailable();
        }
    }

    /** Runs {@code sending} and waits for every send it started, all within one timeout. */
    private List<Future<RecordMetadata>> acknowledged(String topic, Supplier<List<Future<RecordMetadata>>> sending) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            List<Future<RecordMetadata>> sends = sending.get();
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return sends;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw ProblemException.recordTooLarge();
            }
            LOG.warn("Write to {} failed: {}", topic, String.valueOf(e.getCause()));
            throw unavailable();
        } catch (TimeoutException e) {
            LOG.warn("Write to {} not acknowledged within {} ms", topic, timeoutMillis);
            throw unavailable();
        } catch (RecordTooLargeException e) {
            throw ProblemException.recordTooLarge();
        } catch (KafkaException e) {
            LOG.warn("Write to {} refused: {}", topic, e.toString());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("The change could not be stored in Kafka; nothing was changed. Retry.");
    }
}
