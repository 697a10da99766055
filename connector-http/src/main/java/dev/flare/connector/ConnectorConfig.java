package dev.flare.connector;

import dev.flare.connector.internal.RetrySchedule;
import dev.flare.model.Durations;
import dev.flare.model.net.CidrRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the connector role ({@code flare.connector.*}); every key can be set by an environment variable. */
public final class ConnectorConfig extends AbstractConfig {

    /** Prefix of the consumer groups and transactional ids of the connector's lanes. */
    public static final String GROUP_ID = "flare.connector.group.id";
    /**
     * This instance's name in its transactional ids; must be unique per running instance and stable across its
     * restarts. Empty means the host name.
     */
    public static final String INSTANCE_ID = "flare.connector.instance.id";
    /** The wait before each retry tier, one per tier; after the last tier a delivery is dead-lettered. */
    public static final String RETRY_DELAYS = "flare.connector.retry.delays";
    /** How much each retry delay is spread at random, as a fraction of it (0 to 0.5). */
    public static final String RETRY_JITTER = "flare.connector.retry.jitter";
    /** Longest wait for a TCP (and TLS) connection to a subscriber. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "flare.connector.http.connect.timeout.ms";
    /** Longest a whole callback may take, connecting, sending and reading included. */
    public static final String HTTP_CALL_TIMEOUT_MS = "flare.connector.http.call.timeout.ms";
    /** Most deliveries a lane has read but not yet committed; its partitions pause at this number. */
    public static final String MAX_IN_FLIGHT = "flare.connector.max.in.flight";
    /** Most concurrent callbacks to one host. */
    public static final String MAX_REQUESTS_PER_HOST = "flare.connector.max.requests.per.host";
    /** How often completed deliveries are committed, with their results, in one Kafka transaction per lane. */
    public static final String COMMIT_INTERVAL_MS = "flare.connector.commit.interval.ms";
    /** CIDR blocks that callbacks may reach although they are private or reserved (for example 10.1.0.0/16). */
    public static final String ALLOWED_CIDRS = "flare.connector.allowed.cidrs";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    GROUP_ID,
                    ConfigDef.Type.STRING,
                    "flare-connector",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    ConfigDef.Importance.MEDIUM,
                    "Prefix of the connector's consumer groups (<group>-main, <group>-retry-<tier>) and"
                            + " transactional ids.")
            .define(
                    INSTANCE_ID,
                    ConfigDef.Type.STRING,
                    "",
                    ConfigDef.Importance.MEDIUM,
                    "This instance's name in its transactional ids (<group>-<lane>-<instance>). Must be unique per"
                            + " running instance and stable across its restarts, so a restart fences the previous"
                            + " incarnation at once. Empty means the host name.")
            .define(
                    RETRY_DELAYS,
                    ConfigDef.Type.LIST,
                    "5s,30s,2m,10m,1h,6h",
                    listOf(ConnectorConfig::checkDuration, "durations like 500ms, 5s, 2m, 1h"),
                    ConfigDef.Importance.MEDIUM,
                    "Wait before each retry, one per retry tier and topic, each <n>ms|s|m|h. A delivery that"
                            + " fails after the last tier goes to the dead-letter topic. Changing the number of"
                            + " tiers changes the retry topics.")
            .define(
                    RETRY_JITTER,
                    ConfigDef.Type.DOUBLE,
                    0.2,
                    ConfigDef.Range.between(0.0, 0.5),
                    ConfigDef.Importance.LOW,
                    "Random spread of each retry delay, as a fraction of it (0.2 = ±20%).")
            .define(
                    HTTP_CONNECT_TIMEOUT_MS,
                    ConfigDef.Type.INT,
                    5000,
                    ConfigDef.Range.between(1, 600_000),
                    ConfigDef.Importance.MEDIUM,
                    "Longest wait, in milliseconds, to connect to a subscriber.")
            .define(
                    HTTP_CALL_TIMEOUT_MS,
                    ConfigDef.Type.INT,
                    15000,
                    ConfigDef.Range.between(1, 600_000),
                    ConfigDef.Importance.MEDIUM,
                    "Longest a whole callback may take, in milliseconds; a call that takes longer is a failed"
                            + " attempt.")
            .define(
                    MAX_IN_FLIGHT,
                    ConfigDef.Type.INT,
                    1000,
                    ConfigDef.Range.between(1, 100_000),
                    ConfigDef.Importance.MEDIUM,
                    "Most deliveries one lane holds read but not yet committed; the lane stops reading at this"
                            + " number until some are committed.")
            .define(
                    MAX_REQUESTS_PER_HOST,
                    ConfigDef.Type.INT,
                    64,
                    ConfigDef.Range.between(1, 100_000),
                    ConfigDef.Importance.MEDIUM,
                    "Most concurrent callbacks to one host.")
            .define(
                    COMMIT_INTERVAL_MS,
                    ConfigDef.Type.INT,
                    50,
                    ConfigDef.Range.between(1, 60_000),
                    ConfigDef.Importance.LOW,
                    "How often, in milliseconds, each lane commits its completed deliveries together with their"
                            + " results in one Kafka transaction.")
            .define(
                    ALLOWED_CIDRS,
                    ConfigDef.Type.LIST,
                    "",
                    listOf(ConnectorConfig::checkCidr, "CIDR blocks like 10.0.0.0/8 or ::1/128"),
                    ConfigDef.Importance.MEDIUM,
                    "CIDR blocks callbacks may reach although they are private, loopback, link-local or"
                            + " otherwise reserved, e.g. 10.20.0.0/16,::1/128. Empty blocks them all.");

    public ConnectorConfig(Map<?, ?> settings) {
        super(DEFINITION, settings);
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    /** The configured instance id, or this host's name when none is set. */
    public String instanceId() {
        String configured = getString(INSTANCE_ID);
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String host = System.getenv("HOSTNAME");
            return host == null || host.isBlank() ? "flare" : host;
        }
    }

    public List<Duration> retryDelays() {
        return getList(RETRY_DELAYS).stream().map(Durations::parse).toList();
    }

    public RetrySchedule retrySchedule() {
        return new RetrySchedule(retryDelays(), getDouble(RETRY_JITTER));
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS));
    }

    public Duration callTimeout() {
        return Duration.ofMillis(getInt(HTTP_CALL_TIMEOUT_MS));
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public int maxRequestsPerHost() {
        return getInt(MAX_REQUESTS_PER_HOST);
    }

    public Duration commitInterval() {
        return Duration.ofMillis(getInt(COMMIT_INTERVAL_MS));
    }

    public List<CidrRange> allowedCidrs() {
        return getList(ALLOWED_CIDRS).stream().map(CidrRange::parse).toList();
    }

    private static void checkDuration(String value) {
        Durations.parse(value);
    }

    private static void checkCidr(String value) {
        CidrRange.parse(value);
    }

    private static ConfigDef.Validator listOf(java.util.function.Consumer<String> check, String description) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                List<?> items = value instanceof List<?> list ? list : List.of();
                for (Object item : items) {
                    try {
                        check.accept(String.valueOf(item));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, item, e.getMessage());
                    }
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
