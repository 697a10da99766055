package dev.flare.connector.internal;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What handling one record ended with: a label for the metrics, the records to produce when its offset is
 * committed, and how long the HTTP call took (null when no call was made).
 *
 * <p>An attempt ends {@code delivered}, {@code discarded}, {@code retried}, {@code dead-lettered}, {@code dropped},
 * {@code blocked} or {@code paused} (410 Gone). A record that was not attempted ends {@code deferred} (with the
 * {@code reason}: {@code concurrency}, {@code rate}, {@code circuit} or {@code paused}) or {@code hopped} (moved to
 * the retry tier fitting its remaining wait).
 */
public record AttemptOutcome(
        String outcome, List<ProducerRecord<byte[], byte[]>> records, Duration latency, String reason) {

    public static final String DELIVERED = "delivered";
    public static final String DISCARDED = "discarded";
    public static final String RETRIED = "retried";
    public static final String DEAD_LETTERED = "dead-lettered";
    public static final String DROPPED = "dropped";
    public static final String BLOCKED = "blocked";
    public static final String PAUSED = "paused";
    public static final String DEFERRED = "deferred";
    public static final String HOPPED = "hopped";

    public AttemptOutcome {
        records = List.copyOf(records);
    }

    public AttemptOutcome(String outcome, List<ProducerRecord<byte[], byte[]>> records, Duration latency) {
        this(outcome, records, latency, null);
    }

    public AttemptOutcome withLatency(Duration callLatency) {
        return new AttemptOutcome(outcome, records, callLatency, reason);
    }

    /** Whether this was an attempt (a call was tried), rather than a deferral or a hop. */
    public boolean attempted() {
        return !outcome.equals(DEFERRED) && !outcome.equals(HOPPED);
    }

    /** Whether the record went to the dead-letter topic. */
    public boolean deadLettered() {
        return outcome.equals(DEAD_LETTERED) || outcome.equals(BLOCKED);
    }
}
