package dev.flare.topology.internal;

import org.apache.kafka.streams.processor.api.ProcessingContext;

/** Where the record being processed came from, for logs: {@code topic-partition@offset}. */
final class RecordOrigin {

    private RecordOrigin() {}

    static String of(ProcessingContext context) {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("unknown");
    }
}
