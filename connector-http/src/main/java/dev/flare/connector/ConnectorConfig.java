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
    /**
     * The delay of each retry tier (one topic each), and the default retry schedule: a subscription without its own
     * {@code delivery.retry} is retried once per tier, then dead-lettered.
     */
    public static final String RETRY_DELAYS = "flare.connector.retry.delays";
    /** How much each retry delay is spread at random, as a fraction of it (0 to 0.5). */
    public static final String RETRY_JITTER = "flare.connector.retry.jitter";
    /** Longest wait for a TCP (and TLS) connection to a subscriber, unless its {@code delivery.timeouts} says. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "flare.connector.http.connect.timeout.ms";
    /**
     * Longest a whole callback may take, connecting, sending and reading included, unless the subscription's
     * {@code delivery.timeouts} says.
     */
    public static final String HTTP_CALL_TIMEOUT_MS = "flare.connector.http.call.timeout.ms";
    /**
     * Most deliveries a lane has in progress (read, not yet completed); its partitions pause at this number, or at
     * fifty times it (at most 100,000) of deliveries read and not yet committed.
     */
    public static final String MAX_IN_FLIGHT = "flare.connector.max.in.flight";
    /** Most concurrent callbacks to one host. */
    public static final String MAX_REQUESTS_PER_HOST = "flare.connector.max.requests.per.host";
    /** How often completed deliveries are committed, with their results, in one Kafka transaction per lane. */
    public static final String COMMIT_INTERVAL_MS = "flare.connector.commit.interval.ms";
    /** Calls at once to one subscription that sets no {@code delivery.maxConcurrency}. */
    public static final String SUBSCRIPTION_MAX_CONCURRENCY = "flare.connector.subscription.max.concurrency";
    /** Deliveries that may wait in memory for a call slot of one subscription; more are deferred to a retry tier. */
    public static final String SUBSCRIPTION_QUEUE_SIZE = "flare.connector.subscription.queue.size";
    /** Consecutive failed attempts to one subscription that open its circuit. */
    public static final String CIRCUIT_FAILURE_THRESHOLD = "flare.connector.circuit.failure.threshold";
    /** How long an open circuit stays open before one probe call is let through. */
    public static final String CIRCUIT_OPEN_MS = "flare.connector.circuit.open.ms";
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
                    "Delay of each retry tier, one topic each, as <n>ms|s|m|h, and the default retry schedule:"
                            + " a subscription without its own delivery.retry is retried once per tier, then"
                            + " dead-lettered. A subscription's own delays use the tier with the largest delay not"
                            + " above them. Changing the number of tiers changes the retry topics.")
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
                    "Longest wait, in milliseconds, to connect to a subscriber; a subscription's"
                            + " delivery.timeouts.connect overrides it.")
            .define(
                    HTTP_CALL_TIMEOUT_MS,
                    ConfigDef.Type.INT,
                    15000,
                    ConfigDef.Range.between(1, 600_000),
                    ConfigDef.Importance.MEDIUM,
                    "Longest a whole callback may take, in milliseconds; a call that takes longer is a failed"
                            + " attempt. A subscription's delivery.timeouts.call overrides it.")
            .define(
                    MAX_IN_FLIGHT,
                    ConfigDef.Type.INT,
                    1000,
                    ConfigDef.Range.between(1, 100_000),
                    ConfigDef.Importance.MEDIUM,
                    "Most deliveries one lane has in progress (read, being called or waiting in a subscription's"
                            + " queue); the lane stops reading at this number, and at fifty times it (at most"
                            + " 100,000, at least the number itself) of deliveries read but not yet committed"
                            + " (those past a slower one in their partition: their results are written meanwhile,"
                            + " the committed offset waits).")
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
                    SUBSCRIPTION_MAX_CONCURRENCY,
                    ConfigDef.Type.INT,
                    16,
                    ConfigDef.Range.between(1, 1000),
                    ConfigDef.Importance.MEDIUM,
                    "Most callbacks in flight at once to one subscription that sets no delivery.maxConcurrency,"
                            + " over all lanes of this instance. Deliveries beyond it wait in memory (see "
                            + SUBSCRIPTION_QUEUE_SIZE + "); beyond that queue they are deferred to a retry tier for"
                            + " about as long as the queue takes to go through, longer while the overflow lasts (at"
                            + " most the call timeout).")
            .define(
                    SUBSCRIPTION_QUEUE_SIZE,
                    ConfigDef.Type.INT,
                    16,
                    ConfigDef.Range.between(0, 1000),
                    ConfigDef.Importance.LOW,
                    "Fewest deliveries that may wait in memory for a call slot of one subscription at its"
                            + " concurrency limit; a subscription that answers fast may queue as many as its recent"
                            + " calls get through in five seconds (a quarter of a second per call assumed until one has"
                            + " finished; at most 1024). More are deferred to a retry tier so"
                            + " they hold no lane capacity.")
            .define(
                    CIRCUIT_FAILURE_THRESHOLD,
                    ConfigDef.Type.INT,
                    5,
                    ConfigDef.Range.between(1, 1000),
                    ConfigDef.Importance.MEDIUM,
                    "Consecutive failed attempts (error status, timeout, connection error) to one subscription"
                            + " that open its circuit: while open, its deliveries are deferred without a call.")
            .define(
                    CIRCUIT_OPEN_MS,
                    ConfigDef.Type.INT,
                    30_000,
                    ConfigDef.Range.between(100, 3_600_000),
                    ConfigDef.Importance.MEDIUM,
                    "How long, in milliseconds, an open circuit stays open; then one probe call is let through,"
                            + " whose success closes the circuit and whose failure opens it again.")
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

    public int subscriptionMaxConcurrency() {
        return getInt(SUBSCRIPTION_MAX_CONCURRENCY);
    }

    public int subscriptionQueueSize() {
        return getInt(SUBSCRIPTION_QUEUE_SIZE);
    }

    public int circuitFailureThreshold() {
        return getInt(CIRCUIT_FAILURE_THRESHOLD);
    }

    public Duration circuitOpen() {
        return Duration.ofMillis(getInt(CIRCUIT_OPEN_MS));
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
