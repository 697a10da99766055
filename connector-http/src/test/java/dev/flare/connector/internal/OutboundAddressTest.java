package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.connector.RequestSigner;
import dev.flare.model.Action;
import dev.flare.model.ChangeSpec;
import dev.flare.model.Delivery;
import dev.flare.model.DeliveryResult;
import dev.flare.model.Endpoint;
import dev.flare.model.Outcome;
import dev.flare.model.Resource;
import dev.flare.model.Subscription;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.Json;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.json.RawJson;
import dev.flare.model.net.CidrRange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address check at call time, against real servers: a receiver on 127.0.0.1 (the one range the operator
 * allows, standing in for a public address) and an internal service on 127.0.0.2, same port, which every refused
 * call could otherwise have reached. Names resolve through a table the tests change.
 */
class OutboundAddressTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String DOCUMENT_URL = "http://api.example.com/users/42";
    private static final byte[] KEY = DOCUMENT_URL.getBytes(StandardCharsets.UTF_8);
    private static final Topics TOPICS = new Topics("t");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final MockWebServer receiver = new MockWebServer();
    private final MockWebServer internal = new MockWebServer();
    private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    private final AddressGuard guard = new AddressGuard(List.of(CidrRange.parse("127.0.0.1/32")), this::resolve);
    private final OkHttpClient client = HttpClients.create(guard, TIMEOUT, TIMEOUT, 8, 8);
    private final Catalog catalog = new Catalog();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final DeliveryAttempt attempts = new DeliveryAttempt(
            catalog,
            new CallClients(client, TIMEOUT, TIMEOUT),
            guard,
            new CallbackRequests("Flare/test", RequestSigner.NONE, Optional.empty(), clock),
            new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)), 0.0),
            new SubscriptionGates(new SubscriptionGates.Settings(8, 8, 1000, Duration.ofSeconds(30)), clock),
            TOPICS,
            clock,
            Duration.ZERO);
    private int port;

    @BeforeEach
    void start() throws IOException {
        receiver.start(address("127.0.0.1"), 0);
        port = receiver.getPort();
        internal.start(address("127.0.0.2"), port);
        internal.enqueue(new MockResponse.Builder().code(200).build());
        catalog.putResource(new Resource("r1", "http://api.example.com/users/{id}", new ChangeSpec("v", null), NOW));
    }

    @AfterEach
    void stop() {
        HttpClients.shutdown(client);
        receiver.close();
        internal.close();
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getAllByName(literal)[0];
    }

    private String url(String host) {
        return "http://" + host + ":" + port + "/hook";
    }

    private AttemptOutcome deliverTo(String url) throws Exception {
        return deliverTo(url, DOCUMENT_URL);
    }

    private AttemptOutcome deliverTo(String url, String documentUrl) throws Exception {
        catalog.putSubscription(
                new Subscription("s1", "r1", new Endpoint(url, null, null, null), null, null, null, NOW));
        return attempts.attempt(KEY, delivery(documentUrl)).get(10, TimeUnit.SECONDS);
    }

    private static Delivery delivery(String documentUrl) {
        RawJson document = RawJson.of(Json.mapper().createObjectNode().put("v", 3));
        return new Delivery("s1", "r1", documentUrl, Action.UPDATE, 3, 2L, false, document, NOW, 1, null, null, null);
    }

    private static DeliveryResult result(AttemptOutcome outcome) {
        ProducerRecord<byte[], byte[]> last =
                outcome.records().get(outcome.records().size() - 1);
        assertThat(last.topic()).isEqualTo(TOPICS.deliveryResults());
        return JsonSerde.of(DeliveryResult.class).deserializer().deserialize(last.topic(), last.value());
    }

    private void assertRefusedWithoutAnyRequest(AttemptOutcome outcome) {
        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.BLOCKED);
        assertThat(outcome.records())
                .extracting(ProducerRecord::topic)
                .containsExactly(TOPICS.deadLetters(), TOPICS.deliveryResults());
        assertThat(result(outcome).outcome()).isEqualTo(Outcome.DEAD_LETTERED);
        assertThat(result(outcome).error()).startsWith("blocked: ");
        assertThat(internal.getRequestCount()).isZero();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.2",
                "2130706434", // 127.0.0.2 in decimal
                "0x7f000002", // in hex
                "017700000002", // in octal
                "0177.0.0.2", // dotted octal
                "0x7f.0.0.2", // dotted hex
                "127.2", // short forms
                "127.0.2",
                "127.0.0.2.", // trailing dot
                "[::ffff:127.0.0.2]", // IPv4-mapped
                "[::ffff:7f00:2]",
                "[64:ff9b::7f00:2]", // NAT64
                "[::7f00:2]", // IPv4-compatible
                "0.0.0.0", // Linux connects this to the local host, where the receiver listens
                "0",
                "[::]",
                "[::1]",
                "10.0.0.1",
                "172.16.0.1",
                "192.168.0.1",
                "100.64.0.1",
                "169.254.169.254",
                "2852039166", // 169.254.169.254 in decimal
                "224.0.0.1",
                "255.255.255.255",
                "[fc00::1]",
                "[fd00:ec2::254]",
                "[fe80::1]",
                "[ff02::1]"
            })
    void shouldDeadLetterWithoutSendingWhenTheUrlSpellsABlockedAddress(String host) throws Exception {
        assertRefusedWithoutAnyRequest(deliverTo(url(host)));
    }

    /** A wildcard in the host cannot be checked at create; the document URL supplies the address at call time. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.2", "2130706434", "0x7f000002", "0177.0.0.2", "127.2", "0x7f.2"})
    void shouldDeadLetterWithoutSendingWhenAHostWildcardIsFilledWithABlockedAddress(String value) throws Exception {
        AttemptOutcome outcome = deliverTo("http://{id}:" + port + "/hook", "http://api.example.com/users/" + value);

        assertRefusedWithoutAnyRequest(outcome);
    }

    @Test
    void shouldCallExactlyTheOperatorAllowedAddressWhenItsNeighbourIsRefused() throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(200).build());

        AttemptOutcome allowed = deliverTo(url("127.0.0.1"));

        assertThat(allowed.outcome()).isEqualTo(AttemptOutcome.DELIVERED);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(deliverTo(url("127.0.0.2")).outcome()).isEqualTo(AttemptOutcome.BLOCKED);
        assertThat(internal.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "127.0.0.2", "169.254.169.254", "::1", "fd00:ec2::254", "::ffff:10.0.0.1"})
    void shouldDeadLetterWithoutSendingWhenTheNameResolvesToABlockedAddress(String resolved) throws Exception {
        dns.put("internal.example", List.of(address(resolved)));

        assertRefusedWithoutAnyRequest(deliverTo(url("internal.example")));
    }

    @Test
    void shouldDeadLetterWithoutSendingWhenTheNameIsReboundToAPrivateAddressAfterWorking() throws Exception {
        receiver.enqueue(new MockResponse.Builder().code(200).build());
        dns.put("rebind.example", List.of(address("127.0.0.1")));
        assertThat(deliverTo(url("rebind.example")).outcome()).isEqualTo(AttemptOutcome.DELIVERED);

        dns.put("rebind.example", List.of(address("127.0.0.2")));
        // Note: a pooled connection stays on the address checked when it was opened; evict it to resolve again.
        client.connectionPool().evictAll();
        AttemptOutcome rebound = deliverTo(url("rebind.example"));

        assertThat(rebound.outcome()).isEqualTo(AttemptOutcome.BLOCKED);
        assertThat(result(rebound).error()).startsWith("blocked: rebind.example");
        assertThat(internal.getRequestCount()).isZero();
        assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
        "301, http://127.0.0.2:{port}/stolen",
        "302, http://127.0.0.2:{port}/stolen",
        "303, http://2130706434:{port}/stolen",
        "307, http://127.0.0.2:{port}/stolen",
        "308, http://127.0.0.2:{port}/stolen",
        "302, http://169.254.169.254/latest/meta-data/",
        "307, http://127.0.0.1:{port}/elsewhere"
    })
    void shouldNotFollowTheRedirectWhenTheReceiverAnswers3xx(int status, String location) throws Exception {
        receiver.enqueue(new MockResponse.Builder()
                .code(status)
                .addHeader("Location", location.replace("{port}", Integer.toString(port)))
                .build());

        AttemptOutcome outcome = deliverTo(url("127.0.0.1"));

        assertThat(outcome.outcome()).isEqualTo(AttemptOutcome.RETRIED);
        assertThat(result(outcome).outcome()).isEqualTo(Outcome.RETRYING);
        assertThat(result(outcome).status()).isEqualTo(status);
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        assertThat(internal.getRequestCount()).isZero();
    }
}
