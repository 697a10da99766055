package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.flare.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler: routes each exchange, maps every {@link ProblemException} (and every unexpected exception) to
 * an RFC 9457 problem in this one place, writes the response and records the request metrics.
 */
public final class ApiHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final int PAYLOAD_TOO_LARGE = 413;

    /**
     * Longest request target (path and query) answered: room for a {@link dev.flare.model.template.UrlTemplate#MAX_URL_LENGTH
     * longest document URL} percent-encoded, after the longest route prefix.
     */
    public static final int MAX_TARGET_LENGTH = 8 * 1024;

    private final Router router;
    private final HttpMetrics metrics;
    private final int maxBodyBytes;

    public ApiHandler(Router router, HttpMetrics metrics, int maxBodyBytes) {
        this.router = router;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String template = router.templateOf(rawPath);
        Response response;
        try {
            checkTargetLength(exchange);
            Router.Resolution resolution = router.resolve(method, rawPath);
            response = resolution.handler().handle(new Request(exchange, resolution.params(), maxBodyBytes));
        } catch (ProblemException e) {
            response = problem(e);
        } catch (RuntimeException e) {
            String correlationId = UUID.randomUUID().toString();
            LOG.error("Unexpected error on {} {} [reference {}]", method, template, correlationId, e);
            response = problem(ProblemException.internal(correlationId));
        }
        // Recorded before the response leaves, so a client that scrapes /metrics next already sees this request.
        metrics.request(template, method, response.status(), System.nanoTime() - start);
        if (response.status() == PAYLOAD_TOO_LARGE) {
            discardBody(exchange, 2L * maxBodyBytes);
        }
        try {
            write(exchange, response);
        } catch (IOException e) {
            LOG.debug("Could not write the response to {} {}: {}", method, template, e.toString());
        } finally {
            exchange.close();
        }
    }

    /**
     * Reads and drops up to {@code limit} bytes of a refused body. Note: the JDK server drains only 64 KiB of an
     * unread body and then closes the connection; a client still sending then gets a reset, which can discard the
     * answer before it reads it. A body up to twice the limit is swallowed so that its sender sees the 413.
     */
    private static void discardBody(HttpExchange exchange, long limit) {
        byte[] buffer = new byte[64 * 1024];
        long discarded = 0;
        try {
            InputStream in = exchange.getRequestBody();
            int read;
            while (discarded <= limit && (read = in.read(buffer)) != -1) {
                discarded += read;
            }
        } catch (IOException e) {
            LOG.debug("Could not read the rest of a refused body: {}", e.toString());
        }
    }

    private static void checkTargetLength(HttpExchange exchange) {
        if (exchange.getRequestURI().toString().length() > MAX_TARGET_LENGTH) {
            throw ProblemException.uriTooLong(MAX_TARGET_LENGTH);
        }
    }

    private static Response problem(ProblemException e) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("type", e.type());
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.detail());
        if (!e.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (FieldError error : e.errors()) {
                errors.addObject().put("field", error.field()).put("message", error.message());
            }
        }
        Response response = Response.json(e.status(), body);
        return new Response(e.status(), e.headers(), PROBLEM_JSON, response.body());
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        byte[] body = response.body();
        boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
