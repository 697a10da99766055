package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.ChangeSpec;
import dev.flare.model.ContentOptions;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.Endpoint;
import dev.flare.model.Resource;
import dev.flare.model.Subscription;
import dev.flare.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the API through the real HTTP server: whatever the method, target, headers and body, the answer is a 2xx,
 * or a 4xx problem that wrote nothing to Kafka, within the time limit; never a 5xx. An input reads like an HTTP
 * request: {@code METHOD target}, header lines, an empty line, the body (see docs/fuzzing.md). The client frames the
 * body itself (Content-Length, or chunks when the input asks for chunked), so the server never waits for bytes that
 * do not come.
 */
class ApiRequestFuzzTest {

    private static final String USERS = "00000000-0000-0000-0000-000000000001";
    private static final String ORDERS = "00000000-0000-0000-0000-000000000002";
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000003";
    private static final Set<String> FRAMING_HEADERS = Set.of("content-length", "transfer-encoding", "host");

    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(15)
    void shouldAnswer2xxOr4xxProblemWhateverTheRequest(byte[] input) {
        // Note: when fuzzing, Jazzer's SSRF detector would take this test's own requests for a finding.
        BugDetectors.allowNetworkConnections(
                (host, port) -> port == api.uri("/").getPort());
        resetCatalog();
        Exchange exchange = Exchange.of(new String(input, StandardCharsets.UTF_8));
        int written = api.producer.history().size();

        boolean head = exchange.method().equals("HEAD");
        RawHttp.Reply reply = RawHttp.exchange(api.uri("/"), exchange.bytes(), head);

        if (reply.status() == -1) {
            assertThat(exchange.headerNames())
                    .as("the server closes without an answer only when there are too many headers: %s", exchange)
                    .isGreaterThanOrEqualTo(IngestServer.MAX_REQUEST_HEADERS);
            return;
        }
        assertThat(reply.status()).as("status of %s", exchange).isBetween(200, 499);
        if (reply.status() >= 400) {
            assertThat(api.producer.history())
                    .as("records written by %s", exchange)
                    .hasSize(written);
            if (head) {
                return;
            }
            if (isProblem(reply)) {
                JsonNode problem = json(reply.body());
                assertThat(problem.path("status").asInt()).isEqualTo(reply.status());
                assertThat(problem.path("type").asText()).isNotEmpty();
                assertThat(problem.path("title").asText()).isNotEmpty();
            } else {
                assertThat(exchange.isRejectedByTheJdkServer(reply.status()))
                        .as("only the JDK server answers without a problem (%s): %s", reply.status(), exchange)
                        .isTrue();
            }
        }
    }

    private static boolean isProblem(RawHttp.Reply reply) {
        return "application/problem+json".equals(reply.header("Content-Type"))
                && !reply.body().isEmpty();
    }

    /** Back to two resources and one subscription, whatever the previous input created or deleted. */
    private static void resetCatalog() {
        for (Resource resource : api.catalog.resources()) {
            api.catalog.subscriptionsOf(resource.id()).stream()
                    .filter(s -> !s.id().equals(SUBSCRIPTION))
                    .forEach(s -> api.catalog.removeSubscription(s.id()));
            if (!resource.id().equals(USERS) && !resource.id().equals(ORDERS)) {
                api.catalog.removeResource(resource.id());
            }
        }
        Instant created = Instant.parse("2024-01-01T00:00:00Z");
        api.catalog.putResource(
                new Resource(USERS, "http://api.company.com/users/{id}", new ChangeSpec("version", null), created));
        api.catalog.putResource(new Resource(
                ORDERS, "https://shop.example/orders/{id}", new ChangeSpec("meta.updated", "RFC3339"), created));
        api.catalog.putSubscription(new Subscription(
                SUBSCRIPTION,
                USERS,
                new Endpoint("http://client.example/wishlist/{id}", "post", Map.of(), Map.of()),
                new DeliveryPolicy(List.of(), List.of()),
                ContentOptions.DEFAULT,
                null,
                created));
        api.producer.clear();
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request decoded from a fuzz input, sanitized only as far as HTTP/1.1 framing needs. */
    private record Exchange(String method, String target, List<String[]> headers, boolean chunked, String body) {

        static Exchange of(String text) {
            int headEnd = text.indexOf("\n\n");
            String head = headEnd < 0 ? text : text.substring(0, headEnd);
            String body = headEnd < 0 ? "" : text.substring(headEnd + 2);
            String[] lines = head.split("\n", -1);
            String[] requestLine = lines[0].split(" ", 2);
            String method = requestLine[0].replaceAll("[^!#$%&'*+\\-.^_`|~0-9A-Za-z]", "");
            String target = requestLine.length < 2 ? "/" : requestLine[1].replaceAll("[\\x00-\\x20\\x7f]", "");
            boolean chunked = false;
            List<String[]> headers = new java.util.ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).replaceAll("[^!#$%&'*+\\-.^_`|~0-9A-Za-z]", "");
                String value = lines[i].substring(colon + 1).strip().replaceAll("[\\r\\n]", "");
                String lower = name.toLowerCase(Locale.ROOT);
                chunked |= lower.equals("transfer-encoding") && value.equalsIgnoreCase("chunked");
                if (!name.isEmpty() && !FRAMING_HEADERS.contains(lower)) {
                    headers.add(new String[] {name, value});
                }
            }
            return new Exchange(
                    method.isEmpty() ? "GET" : method,
                    target.startsWith("/") ? target : "/" + target,
                    headers,
                    chunked,
                    body);
        }

        /** Distinct header names (as the server counts them), with the Host and framing headers the client adds. */
        long headerNames() {
            return headers.stream()
                            .map(h -> h[0].toLowerCase(Locale.ROOT))
                            .distinct()
                            .count()
                    + 2;
        }

        /**
         * Whether the JDK server answers {@code status} itself: 400 to a target it cannot parse (it reads the request
         * line as ISO-8859-1), 404 to one without a path ({@code //host}), which no context takes.
         */
        boolean isRejectedByTheJdkServer(int status) {
            try {
                URI uri = new URI(new String(target.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                return status == 404 && !uri.getRawPath().startsWith("/");
            } catch (URISyntaxException e) {
                return status == 400;
            }
        }

        byte[] bytes() {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1\r\n");
            for (String[] header : headers) {
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + content.length + "\r\n");
            head.append("\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            if (chunked) {
                if (content.length > 0) {
                    out.writeBytes((Integer.toHexString(content.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.writeBytes(content);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes(content);
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return method + " " + target + " (" + headers.size() + " headers, " + body.length() + " body characters)";
        }
    }
}
