package dev.flare.connector.internal;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one attempt ended with: the metric outcome ({@code delivered}, {@code discarded}, {@code retried},
 * {@code dead-lettered}, {@code dropped}, {@code blocked}), the records to produce when its offset is committed,
 * and how long the HTTP call took (null when no call was made).
 */
public record AttemptOutcome(String outcome, List<ProducerRecord<byte[], byte[]>> records, Duration latency) {

    public AttemptOutcome {
        records = List.copyOf(records);
    }

    public AttemptOutcome withLatency(Duration callLatency) {
        return new AttemptOutcome(outcome, records, callLatency);
    }
}
