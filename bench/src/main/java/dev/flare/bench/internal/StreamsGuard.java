package dev.flare.bench.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The smallest Kafka Streams job shaped like Flare's guard: per key, get the stored version from a RocksDB store
 * (with changelog), compare, put and forward when newer. Values start with their version as 8 big-endian bytes.
 */
public final class StreamsGuard {

    static final String STORE = "guard-store";

    private StreamsGuard() {}

    /** Counts processed records and notes when the first and the last were processed. */
    public static final class Progress {
        final AtomicLong processed = new AtomicLong();
        final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

        void processed(long now) {
            firstNanos.accumulateAndGet(now, Math::min);
            lastNanos.accumulateAndGet(now, Math::max);
            processed.incrementAndGet();
        }

        public long count() {
            return processed.get();
        }

        /** Records per second between the first and the last processed record. */
        public double perSecond() {
            long span = lastNanos.get() - firstNanos.get();
            return span <= 0 ? 0 : (processed.get() - 1) * 1e9 / span;
        }
    }

    public static Topology topology(String input, String output, Progress progress) {
        Topology topology = new Topology();
        topology.addSource(
                "guard-source",
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                input);
        topology.addProcessor("guard-processor", () -> new Guard(progress), "guard-source");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()),
                "guard-processor");
        topology.addSink(
                "guard-sink",
                output,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                "guard-processor");
        return topology;
    }

    public static KafkaStreams start(
            String bootstrap, String applicationId, String guarantee, Path stateDir, Topology topology) {
        Properties properties = new Properties();
        properties.putAll(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                applicationId,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                guarantee,
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                100,
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG,
                1,
                StreamsConfig.producerPrefix("acks"),
                "all",
                StreamsConfig.consumerPrefix("auto.offset.reset"),
                "earliest"));
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.start();
        return streams;
    }

    static long version(byte[] value) {
        return value == null || value.length < Long.BYTES
                ? Long.MIN_VALUE
                : ByteBuffer.wrap(value).getLong();
    }

    private static final class Guard extends ContextualProcessor<String, byte[], String, byte[]> {

        private final Progress progress;
        private KeyValueStore<String, byte[]> store;

        Guard(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            super.init(context);
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            byte[] current = store.get(record.key());
            if (version(record.value()) > version(current)) {
                store.put(record.key(), record.value());
                context().forward(record);
            }
            progress.processed(System.nanoTime());
        }
    }
}
