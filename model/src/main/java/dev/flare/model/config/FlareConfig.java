package dev.flare.model.config;

import dev.flare.model.Topics;
import dev.flare.model.secret.SecretBox;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings every role shares: where Kafka is and how Flare's topics are named and sized. Each role adds its own
 * definition ({@code flare.topology.*}, {@code flare.connector.*}, {@code flare.ingest.*}); every key can be set
 * by an environment variable, see {@link EnvironmentSettings}.
 */
public final class FlareConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "flare.kafka.bootstrap.servers";
    public static final String TOPIC_PREFIX = "flare.topic.prefix";
    public static final String TOPIC_PARTITIONS = "flare.topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "flare.topic.replication.factor";
    public static final String KAFKA_PREFIX = "flare.kafka.";
    public static final String SECRET_KEY = "flare.secret.key";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    BOOTSTRAP_SERVERS,
                    ConfigDef.Type.LIST,
                    "localhost:9092",
                    ConfigDef.Importance.HIGH,
                    "Kafka brokers to connect to, host:port separated by commas. Standalone mode sets it to its"
                            + " embedded broker.")
            .define(
                    TOPIC_PREFIX,
                    ConfigDef.Type.STRING,
                    "flare",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.MEDIUM,
                    "Prefix of every topic Flare uses (flare-documents, flare-deliveries, ...), so several"
                            + " installations can share a cluster.")
            .define(
                    TOPIC_PARTITIONS,
                    ConfigDef.Type.INT,
                    6,
                    ConfigDef.Range.between(1, 10_000),
                    ConfigDef.Importance.MEDIUM,
                    "Partitions of the documents, deliveries, delivery-results and retry topics when Flare"
                            + " creates them: the most instances a role can spread over.")
            .define(
                    TOPIC_REPLICATION_FACTOR,
                    ConfigDef.Type.SHORT,
                    (short) 3,
                    ConfigDef.Range.between(1, 32),
                    ConfigDef.Importance.MEDIUM,
                    "Replication factor of the topics Flare creates. Standalone mode uses 1.")
            .define(
                    SECRET_KEY,
                    ConfigDef.Type.PASSWORD,
                    null,
                    new SecretKeyValidator(),
                    ConfigDef.Importance.HIGH,
                    "Base64 of 32 random bytes (openssl rand -base64 32) that encrypts signing secrets wherever"
                            + " Flare writes them. The ingest API and the connector need the same key. Without it,"
                            + " subscriptions cannot have signing secrets. Standalone mode creates one in its data"
                            + " directory.");

    public FlareConfig(Map<?, ?> settings) {
        super(DEFINITION, settings);
    }

    /** The box that seals and opens signing secrets, empty when no key is configured. */
    public Optional<SecretBox> secretBox() {
        Password key = getPassword(SECRET_KEY);
        return key == null ? Optional.empty() : Optional.of(SecretBox.fromBase64Key(key.value()));
    }

    public Topics topics() {
        return new Topics(getString(TOPIC_PREFIX));
    }

    /**
     * Client settings for Kafka: bootstrap servers plus any {@code flare.kafka.*} pass-through setting (for
     * example {@code flare.kafka.security.protocol}) with the prefix removed.
     */
    public Map<String, Object> kafkaClientSettings() {
        Map<String, Object> client = new HashMap<>();
        originals().forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX) && !key.equals(BOOTSTRAP_SERVERS)) {
                client.put(key.substring(KAFKA_PREFIX.length()), value);
            }
        });
        client.put("bootstrap.servers", String.join(",", getList(BOOTSTRAP_SERVERS)));
        return client;
    }

    private static final class SecretKeyValidator implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof Password password) {
                try {
                    SecretBox.fromBase64Key(password.value());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, "[hidden]", e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "base64 of 32 bytes";
        }
    }
}
