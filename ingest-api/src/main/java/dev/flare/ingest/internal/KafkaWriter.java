package dev.flare.ingest.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
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
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.warn("Write to {} failed: {}", topic, String.valueOf(e.getCause()));
            throw unavailable();
        } catch (TimeoutException e) {
            LOG.warn("Write to {} not acknowledged within {} ms", topic, timeoutMillis);
            throw unavailable();
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
