package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.model.Resource;
import dev.flare.model.net.CidrRange;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoints refused at subscription create when they are, or resolve to, an address Flare must not call. */
class EndpointAddressApiTest {

    private final TestApi api = TestApi.start();
    private final Resource resource = api.resource("http://api.company.com/users/{id}", "version", null);

    @AfterEach
    void stop() {
        api.close();
    }

    private static TestApi.Reply create(TestApi on, Resource resource, String endpoint) {
        return on.post("/resources/" + resource.id() + "/subscriptions", "{\"endpoint\": " + endpoint + "}");
    }

    private TestApi.Reply createWithUrl(String url) {
        return create(api, resource, "{\"url\": \"" + url + "\"}");
    }

    private void assertRefused(TestApi.Reply reply, String field) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.errorFields()).containsExactly(field);
        assertThat(api.producer.history()).isEmpty();
        assertThat(api.catalog.subscriptionsOf(resource.id())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.255.254",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.254",
                "192.168.1.1",
                "100.64.0.1",
                "100.127.255.254",
                "169.254.169.254",
                "169.254.0.1",
                "0.0.0.0",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "240.0.0.1",
                "192.0.2.1",
                "198.18.0.1",
                "[::]",
                "[::1]",
                "[fc00::1]",
                "[fd12:3456::1]",
                "[fd00:ec2::254]",
                "[fe80::1]",
                "[ff02::1]",
                "[::ffff:127.0.0.1]",
                "[::ffff:169.254.169.254]",
                "[::ffff:a00:1]",
                "[64:ff9b::a9fe:a9fe]",
                "[::127.0.0.1]",
                "2130706433", // 127.0.0.1 in decimal
                "017700000001", // in octal
                "0x7f000001", // in hex
                "0177.0.0.1", // dotted octal
                "2852039166", // 169.254.169.254 in decimal
                "167772161", // 10.0.0.1 in decimal
                "0"
            })
    void shouldAnswer400WhenTheEndpointHostIsABlockedAddressHoweverSpelled(String host) {
        TestApi.Reply reply = createWithUrl("http://" + host + ":8080/hook/{id}");

        assertRefused(reply, "endpoint.url");
        assertThat(reply.json().toString()).contains("flare.connector.allowed.cidrs");
    }

    /** Spellings {@link java.net.URI} reads as having no host: refused before the address check even runs. */
    @ParameterizedTest
    @ValueSource(strings = {"0x7f.0x0.0x0.0x1", "127.1", "127.0.1", "0x7f.1", "127.0.0.1.", "0251.0376.0251.0376"})
    void shouldAnswer400WhenTheEndpointHostIsAnIpv4ShortOrDottedHexForm(String host) {
        assertRefused(createWithUrl("http://" + host + ":8080/hook/{id}"), "endpoint.url");
    }

    @Test
    void shouldAnswer400WhenAnActionOverridePointsAtABlockedAddress() {
        TestApi.Reply reply = create(api, resource, """
                {"url": "http://client.example/{id}",
                 "actions": {"delete": {"url": "http://[::ffff:10.0.0.1]/gone/{id}"}}}""");

        assertRefused(reply, "endpoint.actions.delete.url");
        assertThat(reply.json().toString()).contains("flare.connector.allowed.cidrs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "127.0.0.1", "169.254.169.254", "100.100.100.200", "::1", "fd00:ec2::254"})
    void shouldAnswer400WhenTheNameResolvesToABlockedAddress(String resolved) throws Exception {
        api.dns.put("metadata.google.internal", List.of(InetAddress.getAllByName(resolved)[0]));

        TestApi.Reply reply = createWithUrl("http://metadata.google.internal/computeMetadata/v1/");

        assertRefused(reply, "endpoint.url");
        assertThat(reply.json().toString()).contains("resolves to a private or reserved address");
    }

    @Test
    void shouldLeaveTheCheckToCallTimeWhenTheNameDoesNotResolveYet() {
        assertThat(createWithUrl("http://not-yet-in-dns.example/{id}").status()).isEqualTo(201);
    }

    @Test
    void shouldAcceptExactlyTheOperatorAllowedRangesWhenSomeAreAllowed() throws Exception {
        try (TestApi allowing = TestApi.startAllowing(List.of(CidrRange.parse("10.20.0.0/16")))) {
            Resource own = allowing.resource("http://api.company.com/users/{id}", "version", null);
            allowing.dns.put("billing.internal", List.of(InetAddress.getAllByName("10.20.7.8")[0]));
            allowing.dns.put("other.internal", List.of(InetAddress.getAllByName("10.21.7.8")[0]));

            assertThat(create(allowing, own, "{\"url\": \"http://10.20.0.1/a/{id}\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(create(allowing, own, "{\"url\": \"http://billing.internal/b/{id}\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(create(allowing, own, "{\"url\": \"http://10.21.0.1/c/{id}\"}")
                            .errorFields())
                    .containsExactly("endpoint.url");
            assertThat(create(allowing, own, "{\"url\": \"http://other.internal/d/{id}\"}")
                            .errorFields())
                    .containsExactly("endpoint.url");
            assertThat(create(allowing, own, "{\"url\": \"http://127.0.0.1/e/{id}\"}")
                            .errorFields())
                    .containsExactly("endpoint.url");
        }
    }
}
