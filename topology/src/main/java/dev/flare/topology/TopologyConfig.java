package dev.flare.topology;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Settings of the topology role ({@code flare.topology.*}), each settable by an environment variable
 * ({@code FLARE_TOPOLOGY_STATE_DIR} sets {@code flare.topology.state.dir}). Turned into Kafka Streams properties by
 * {@link StreamsSettings}.
 */
public final class TopologyConfig extends AbstractConfig {

    /** Kafka Streams application id: the consumer group and the prefix of the changelog topics. */
    public static final String APPLICATION_ID = "flare.topology.application.id";
    /** Directory holding the RocksDB state stores; keep it on a persistent volume. */
    public static final String STATE_DIR = "flare.topology.state.dir";
    /** {@code exactly_once_v2} (default) or {@code at_least_once}. */
    public static final String PROCESSING_GUARANTEE = "flare.topology.processing.guarantee";
    /** Commit interval in ms; -1 picks {@value #DEFAULT_COMMIT_INTERVAL_MS} ms. */
    public static final String COMMIT_INTERVAL_MS = "flare.topology.commit.interval.ms";

    static final long DEFAULT_COMMIT_INTERVAL_MS = 100;
    /** Standby replicas of each state store, kept warm on other instances for fast failover. */
    public static final String STANDBY_REPLICAS = "flare.topology.standby.replicas";
    /** Stream threads of this instance. */
    public static final String STREAM_THREADS = "flare.topology.stream.threads";

    public static final String SESSION_TIMEOUT_MS = "flare.topology.session.timeout.ms";

    public static final String QUERY_HOST = "flare.topology.query.host";

    public static final String QUERY_PORT = "flare.topology.query.port";
    /** Bytes of the one LRU block cache shared by every RocksDB store of the instance, memtables included. */
    public static final String ROCKSDB_BLOCK_CACHE_BYTES = "flare.topology.rocksdb.block.cache.bytes";
    /** Bytes of memtables all RocksDB stores of the instance may use together, charged to the block cache. */
    public static final String ROCKSDB_WRITE_BUFFER_BYTES = "flare.topology.rocksdb.write.buffer.bytes";

    /** The default guarantee: state, deliveries and input offsets commit atomically. */
    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";
    /** The cheaper guarantee: a crash may re-process records (I2 still holds, a delivery may be emitted twice). */
    public static final String AT_LEAST_ONCE = "at_least_once";

    private static final long MIB = 1024L * 1024L;

    /** Default of {@link #ROCKSDB_BLOCK_CACHE_BYTES}. */
    public static final long DEFAULT_ROCKSDB_BLOCK_CACHE_BYTES = 128 * MIB;
    /** Default of {@link #ROCKSDB_WRITE_BUFFER_BYTES}. */
    public static final long DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES = 64 * MIB;

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    APPLICATION_ID,
                    ConfigDef.Type.STRING,
                    "flare-topology",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.HIGH,
                    "Kafka Streams application id: the consumer group of the topology instances and the prefix of"
                            + " its changelog topics. Every instance of one installation uses the same id.")
            .define(
                    STATE_DIR,
                    ConfigDef.Type.STRING,
                    "data/streams",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.HIGH,
                    "Directory of the local state stores (RocksDB). Keep it across restarts to avoid restoring"
                            + " from the changelogs.")
            .define(
                    PROCESSING_GUARANTEE,
                    ConfigDef.Type.STRING,
                    EXACTLY_ONCE_V2,
                    ConfigDef.ValidString.in(EXACTLY_ONCE_V2, AT_LEAST_ONCE),
                    ConfigDef.Importance.MEDIUM,
                    "Kafka Streams processing guarantee: exactly_once_v2 (state, deliveries and offsets commit"
                            + " atomically) or at_least_once (deliveries are sent after a 5 ms linger instead of at"
                            + " commit; flare.kafka.producer.linger.ms overrides it).")
            .define(
                    COMMIT_INTERVAL_MS,
                    ConfigDef.Type.LONG,
                    -1L,
                    ConfigDef.Range.atLeast(-1),
                    ConfigDef.Importance.MEDIUM,
                    "How often progress is committed, in ms. -1 picks 100 under either guarantee: under"
                            + " exactly_once_v2 deliveries become visible at commit, and under at_least_once a longer"
                            + " interval makes each commit flush more state at once (1000 put the end-to-end p99 at"
                            + " 0.7-1.4 s at 1,000 changes/s on 2 cores, 100 at 0.12-0.16 s; docs/performance.md).")
            .define(
                    STANDBY_REPLICAS,
                    ConfigDef.Type.INT,
                    1,
                    ConfigDef.Range.atLeast(0),
                    ConfigDef.Importance.MEDIUM,
                    "Standby replicas of each state store kept on other instances, so a failed instance's work"
                            + " resumes without a full restore.")
            .define(
                    QUERY_HOST,
                    ConfigDef.Type.STRING,
                    "127.0.0.1",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.MEDIUM,
                    "Address this topology instance listens on for queries from the ingest API and the other"
                            + " instances, and advertises to them (in Kubernetes, the pod IP). Internal: do not expose"
                            + " it outside the cluster. Not used by standalone mode.")
            .define(
                    QUERY_PORT,
                    ConfigDef.Type.INT,
                    8081,
                    ConfigDef.Range.between(0, 65_535),
                    ConfigDef.Importance.MEDIUM,
                    "Port of this topology instance's query endpoint (0 = any free port). Not used by standalone"
                            + " mode.")
            .define(
                    SESSION_TIMEOUT_MS,
                    ConfigDef.Type.INT,
                    45_000,
                    ConfigDef.Range.between(6_000, 300_000),
                    ConfigDef.Importance.LOW,
                    "How long the group waits for a silent topology instance before moving its partitions to the"
                            + " others. Standalone mode uses 10 s, so a restart after a crash resumes quickly.")
            .define(
                    STREAM_THREADS,
                    ConfigDef.Type.INT,
                    1,
                    ConfigDef.Range.between(1, 256),
                    ConfigDef.Importance.MEDIUM,
                    "Stream threads of this instance.")
            .define(
                    ROCKSDB_BLOCK_CACHE_BYTES,
                    ConfigDef.Type.LONG,
                    DEFAULT_ROCKSDB_BLOCK_CACHE_BYTES,
                    ConfigDef.Range.atLeast(MIB),
                    ConfigDef.Importance.LOW,
                    "Off-heap bytes of the one LRU block cache shared by every RocksDB store of this instance;"
                            + " memtables are charged to it, so it bounds RocksDB's memory.")
            .define(
                    ROCKSDB_WRITE_BUFFER_BYTES,
                    ConfigDef.Type.LONG,
                    DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES,
                    ConfigDef.Range.atLeast(MIB),
                    ConfigDef.Importance.LOW,
                    "Bytes of memtables all RocksDB stores of this instance may hold together (a write buffer"
                            + " manager charged to the block cache, so keep it below that). Smaller means more"
                            + " flushes and compactions: at 16 MiB they took a fifth of a core at 1,000 changes/s.");

    public TopologyConfig(Map<?, ?> settings) {
        super(DEFINITION, settings);
    }

    /** The commit interval to use, -1 resolved according to the processing guarantee. */
    public long commitIntervalMs() {
        long configured = getLong(COMMIT_INTERVAL_MS);
        if (configured >= 0) {
            return configured;
        }
        return DEFAULT_COMMIT_INTERVAL_MS;
    }
}
