package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    private static final String RESOURCE = """
            {"endpoint": "http://api.company.com/users/{id}", "change": {"field": "version"}}""";

    private final TestApi api = TestApi.start(true, Map.of(IngestConfig.MAX_BODY_BYTES, "1024"));

    @AfterEach
    void stop() {
        api.close();
    }

    private static String oversized() {
        return "{\"endpoint\": \"" + "x".repeat(2000) + "\"}";
    }

    @Test
    void shouldAnswer404ProblemWhenRouteIsUnknown() {
        TestApi.Reply reply = api.get("/nothing/here");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.json().path("status").asInt()).isEqualTo(404);
        assertThat(reply.json().path("type").asText()).isNotEmpty();
        assertThat(reply.json().path("title").asText()).isNotEmpty();
        assertThat(reply.json().path("detail").asText()).isNotEmpty();
    }

    @Test
    void shouldKeepAnsweringOnEveryKeepAliveConnectionWhenManyAreIdle() throws IOException {
        URI server = api.uri("/health/live");
        byte[] request = "GET /health/live HTTP/1.1\r\nHost: flare\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<Socket> connections = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket(server.getHost(), server.getPort());
                socket.setSoTimeout(10_000);
                connections.add(socket);
                socket.getOutputStream().write(request);
            }
            for (Socket socket : connections) {
                assertThat(RawHttp.read(socket.getInputStream(), false).status())
                        .isEqualTo(200);
            }
            List<Integer> second = new ArrayList<>();
            for (Socket socket : connections) {
                second.add(secondAnswer(socket, request));
            }

            assertThat(second)
                    .as("a client may reuse any keep-alive connection the server did not close with Connection: close")
                    .containsOnly(200);
        } finally {
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }

    private static int secondAnswer(Socket socket, byte[] request) {
        try {
            socket.getOutputStream().write(request);
            return RawHttp.read(socket.getInputStream(), false).status();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void shouldAnswer405WithAllowWhenMethodIsWrong() {
        TestApi.Reply reply = api.send(api.method("PATCH", "/resources", RESOURCE));

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).isEqualTo("GET, POST");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer400WhenJsonIsMalformed() {
        TestApi.Reply reply = api.post("/resources", "{\"endpoint\": ");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer413WhenContentLengthIsOverTheLimit() {
        TestApi.Reply reply = api.post("/resources", oversized());

        assertThat(reply.status()).isEqualTo(413);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer413WhenChunkedBodyIsOverTheLimit() {
        byte[] body = oversized().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/resources"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        TestApi.Reply reply = api.send(request);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAcceptChunkedBodyWhenWithinTheLimit() {
        byte[] body = RESOURCE.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/resources"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertThat(api.send(request).status()).isEqualTo(201);
    }

    @Test
    void shouldAnswer415WhenContentTypeIsNotJson() {
        TestApi.Reply reply = api.send(HttpRequest.newBuilder(api.uri("/resources"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(RESOURCE)));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(api.producer.history()).isEmpty();
    }

    @Test
    void shouldAcceptJsonWithCharsetParameter() {
        TestApi.Reply reply = api.send(HttpRequest.newBuilder(api.uri("/resources"))
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(RESOURCE)));

        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void shouldAcceptStructuredJsonSuffixType() {
        TestApi.Reply reply = api.send(HttpRequest.newBuilder(api.uri("/resources"))
                .header("Content-Type", "application/vnd.flare+json")
                .POST(HttpRequest.BodyPublishers.ofString(RESOURCE)));

        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void shouldAnswer500WithoutStackTraceWhenAHandlerFailsUnexpectedly() {
        api.documents.set(url -> {
            throw new IllegalStateException("secret internal detail");
        });

        TestApi.Reply reply = api.get("/documents/http://api.company.com/users/1");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.body())
                .doesNotContain("secret internal detail")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("dev.flare");
    }

    @Test
    void shouldServeLaterRequestsWhenOneFailed() {
        api.documents.set(url -> {
            throw new IllegalStateException("boom");
        });
        api.get("/documents/http://api.company.com/users/1");
        api.documents.set(url -> Optional.empty());

        assertThat(api.get("/documents/http://api.company.com/users/1").status())
                .isEqualTo(404);
    }
}
