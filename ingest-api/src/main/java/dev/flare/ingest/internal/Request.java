package dev.flare.ingest.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.flare.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as handlers see it: path parameters, query parameters and a size-capped JSON body. */
public final class Request {

    private final HttpExchange exchange;
    private final Map<String, String> params;
    private final int maxBodyBytes;

    public Request(HttpExchange exchange, Map<String, String> params, int maxBodyBytes) {
        this.exchange = exchange;
        this.params = Map.copyOf(params);
        this.maxBodyBytes = maxBodyBytes;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** A path parameter of the route template, as sent (not decoded). */
    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("Route has no parameter " + name);
        }
        return value;
    }

    /** The rest of the path a {@link Router#addTail} route took, with the raw query if any; not decoded. */
    public String tailWithQuery() {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String tail = param(Router.TAIL);
        return rawQuery == null ? tail : tail + "?" + rawQuery;
    }

    /** The request target after the path's first {@code prefixLength} characters, with the raw query if any. */
    public String rawTargetAfter(int prefixLength) {
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String rest = rawPath.substring(prefixLength);
        return rawQuery == null ? rest : rest + "?" + rawQuery;
    }

    /** The first value of a query parameter, percent-decoded. */
    public Optional<String> query(String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : raw.split("&", -1)) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (decode(key).equals(name)) {
                return Optional.of(equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the request announces a body: a Content-Length above zero, or a chunked transfer. An empty POST (as
     * {@code curl -X POST} sends) has none.
     */
    public boolean hasBody() {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        return exchange.getRequestHeaders().getFirst("Transfer-Encoding") != null;
    }

    /**
     * The body as a JSON object: the content type must be JSON, the size within the limit (announced and actual)
     * and the text a JSON object.
     */
    public ObjectNode jsonObject() {
        checkAnnouncedLength();
        checkContentType();
        byte[] body = readCapped();
        JsonNode node;
        try {
            node = Json.inputMapper().readTree(body);
        } catch (JacksonException e) {
            throw ProblemException.malformed("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.malformed("The request body could not be read.");
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.malformed("The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    private void checkAnnouncedLength() {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length == null) {
            return;
        }
        long announced;
        try {
            announced = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.malformed("Content-Length is not a number.");
        }
        if (announced > maxBodyBytes) {
            throw ProblemException.tooLarge(maxBodyBytes);
        }
    }

    private void checkContentType() {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !isJson(contentType)) {
            throw ProblemException.unsupportedMediaType(
                    "The request body must be JSON (Content-Type: application/json).");
        }
    }

    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";", -1);
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
        if (!json) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    private byte[] readCapped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = exchange.getRequestBody()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                if (out.size() > maxBodyBytes) {
                    throw ProblemException.tooLarge(maxBodyBytes);
                }
            }
        } catch (IOException e) {
            throw ProblemException.malformed("The request body could not be read.");
        }
        return out.toByteArray();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.malformed("The query string is not validly percent-encoded.");
        }
    }
}
