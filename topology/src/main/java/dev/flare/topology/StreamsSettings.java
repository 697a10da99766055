package dev.flare.topology;

import dev.flare.model.config.FlareConfig;
import dev.flare.topology.internal.BoundedMemoryRocksDbConfig;
import dev.flare.topology.internal.RecordTooLargeTolerantHandler;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The Kafka Streams properties of the topology role, with the defaults that protect users (spec §9): records that
 * cannot be read or processed are logged with topic, partition and offset and copied to
 * {@link dev.flare.model.Topics#topologyDeadLetters()} (Kafka's built-in dead-letter queue, KIP-1034), then
 * processing continues; only records too large to produce are skipped on output; RocksDB memory is bounded; every
 * internal resource must be named explicitly.
 */
public final class StreamsSettings {

    // Note: deprecated only because Kafka 5.0 makes it the default; until then Kafka warns when it is not set.
    private static final String GLOBAL_PROCESSING_HANDLER = "processing.exception.handler.global.enabled";

    /** The producer's linger under at_least_once; {@code flare.kafka.producer.linger.ms} overrides it. */
    static final int AT_LEAST_ONCE_LINGER_MS = 5;

    private StreamsSettings() {}

    /** Properties for {@code new KafkaStreams(FlareTopology.build(..), properties)}. */
    public static Properties of(FlareConfig shared, TopologyConfig topology) {
        Properties properties = new Properties();
        if (StreamsConfig.AT_LEAST_ONCE.equals(topology.getString(TopologyConfig.PROCESSING_GUARANTEE))) {
            // Note: deliveries are visible as soon as they are sent, so Streams' default linger of 100 ms would be
            // latency added to every callback; under exactly_once_v2 they are visible at commit, and the default
            // batches them until then.
            properties.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), AT_LEAST_ONCE_LINGER_MS);
        }
        properties.putAll(shared.kafkaClientSettings());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, topology.getString(TopologyConfig.APPLICATION_ID));
        properties.put(StreamsConfig.STATE_DIR_CONFIG, topology.getString(TopologyConfig.STATE_DIR));
        properties.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, topology.getString(TopologyConfig.PROCESSING_GUARANTEE));
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, topology.commitIntervalMs());
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, topology.getInt(TopologyConfig.STANDBY_REPLICAS));
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, topology.getInt(TopologyConfig.STREAM_THREADS));
        properties.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        properties.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        properties.put(
                StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) shared.getShort(FlareConfig.TOPIC_REPLICATION_FACTOR));
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        properties.put(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                topology.getInt(TopologyConfig.SESSION_TIMEOUT_MS));
        properties.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        properties.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        properties.put(GLOBAL_PROCESSING_HANDLER, true);
        properties.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                shared.topics().topologyDeadLetters());
        properties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordTooLargeTolerantHandler.class);
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
        properties.put(
                TopologyConfig.ROCKSDB_BLOCK_CACHE_BYTES, topology.getLong(TopologyConfig.ROCKSDB_BLOCK_CACHE_BYTES));
        properties.put(
                TopologyConfig.ROCKSDB_WRITE_BUFFER_BYTES, topology.getLong(TopologyConfig.ROCKSDB_WRITE_BUFFER_BYTES));
        return properties;
    }
}
