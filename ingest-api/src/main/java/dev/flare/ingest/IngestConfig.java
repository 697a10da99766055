package dev.flare.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Settings of the ingest-api role: where it listens and how much it accepts. Every key can be set by an environment
 * variable ({@code FLARE_PORT} sets {@code flare.port}).
 */
public final class IngestConfig extends AbstractConfig {

    /** The address the HTTP API binds to. */
    public static final String HOST = "flare.host";
    /** The TCP port the HTTP API listens on; 0 picks any free port. */
    public static final String PORT = "flare.port";
    /** Largest request body accepted, in bytes; a larger one is answered 413 before it is parsed. */
    public static final String MAX_BODY_BYTES = "flare.ingest.max.body.bytes";
    /** Longest wait for Kafka to acknowledge a write before the API answers 503. */
    public static final String PRODUCE_TIMEOUT_MS = "flare.ingest.produce.timeout.ms";

    public static final String TOPOLOGY_URL = "flare.ingest.topology.url";
    /**
     * How many documents' newest written version the API remembers, to answer a repeated or older PUT without a
     * Kafka write; 0 writes every PUT.
     */
    public static final String REMEMBERED_DOCUMENTS = "flare.ingest.remembered.documents";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    HOST,
                    ConfigDef.Type.STRING,
                    "127.0.0.1",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.HIGH,
                    "The address the HTTP API binds to: 127.0.0.1 serves this machine only, 0.0.0.0 every"
                            + " interface.")
            .define(
                    PORT,
                    ConfigDef.Type.INT,
                    8080,
                    ConfigDef.Range.between(0, 65_535),
                    ConfigDef.Importance.HIGH,
                    "The TCP port the HTTP API listens on; 0 picks any free port.")
            .define(
                    MAX_BODY_BYTES,
                    ConfigDef.Type.INT,
                    1_048_576,
                    ConfigDef.Range.between(1_024, 16 * 1_048_576),
                    ConfigDef.Importance.MEDIUM,
                    "Largest request body accepted, in bytes. A larger body is answered 413 before it is parsed,"
                            + " whether it announces its length or is sent chunked.")
            .define(
                    TOPOLOGY_URL,
                    ConfigDef.Type.STRING,
                    "http://127.0.0.1:8081",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.MEDIUM,
                    "Where a separately run ingest API reads documents and delivery state: the query endpoint of"
                            + " any topology instance (in Kubernetes, the topology service); it forwards to the"
                            + " instance that owns the document. Not used by standalone mode.")
            .define(
                    PRODUCE_TIMEOUT_MS,
                    ConfigDef.Type.LONG,
                    10_000L,
                    ConfigDef.Range.between(1, 600_000),
                    ConfigDef.Importance.MEDIUM,
                    "Longest wait, in milliseconds, for Kafka to acknowledge a write (acks=all). When it passes,"
                            + " or the write fails, the API answers 503 with Retry-After and the client should"
                            + " retry.")
            .define(
                    REMEMBERED_DOCUMENTS,
                    ConfigDef.Type.INT,
                    100_000,
                    ConfigDef.Range.between(0, 10_000_000),
                    ConfigDef.Importance.LOW,
                    "How many documents' newest version written through this instance it remembers (least"
                            + " recently used forgotten first; roughly 200 bytes plus the URL each). A PUT of that"
                            + " version or an older one changes nothing (spec I1), so it is answered 202 without a"
                            + " Kafka write and counted as flare.ingest.documents.accepted{operation=put-known}."
                            + " 0 writes every PUT.");

    public IngestConfig(Map<?, ?> settings) {
        super(DEFINITION, settings);
    }

    public String host() {
        return getString(HOST);
    }

    public int port() {
        return getInt(PORT);
    }

    public int maxBodyBytes() {
        return getInt(MAX_BODY_BYTES);
    }

    public URI topologyUrl() {
        return URI.create(getString(TOPOLOGY_URL));
    }

    public int rememberedDocuments() {
        return getInt(REMEMBERED_DOCUMENTS);
    }

    public Duration produceTimeout() {
        return Duration.ofMillis(getLong(PRODUCE_TIMEOUT_MS));
    }
}
