package dev.flare.topology.internal;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production exception handler: a record the broker rejects as too large is logged (where it came from, never its
 * content) and skipped; a retriable error is retried as Kafka's default does; anything else stops the stream
 * thread rather than lose a delivery silently.
 */
public final class RecordTooLargeTolerantHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordTooLargeTolerantHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            LOG.error(
                    "Skipping a record to {} that is too large ({} bytes), produced for {}-{}@{} by {}",
                    record.topic(),
                    record.value() == null ? 0 : record.value().length,
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    context.processorNodeId());
            return Response.resume();
        }
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        LOG.error(
                "Cannot produce to {} for {}-{}@{}: {}",
                record.topic(),
                context.topic(),
                context.partition(),
                context.offset(),
                exception.toString());
        return Response.fail();
    }
}
