package dev.flare.ingest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flare.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, extra headers and a body already encoded. */
public final class Response {

    public static final String JSON = "application/json";

    private final int status;
    private final Map<String, String> headers;
    private final String contentType;
    private final byte[] body;

    public Response(int status, Map<String, String> headers, String contentType, byte[] body) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.contentType = contentType;
        this.body = body.clone();
    }

    public static Response json(int status, Object value) {
        try {
            return new Response(status, Map.of(), JSON, Json.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response as JSON", e);
        }
    }

    public static Response text(int status, String contentType, String text) {
        return new Response(status, Map.of(), contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Response noContent() {
        return new Response(204, Map.of(), null, new byte[0]);
    }

    public Response withHeader(String name, String value) {
        Map<String, String> updated = new LinkedHashMap<>(headers);
        updated.put(name, value);
        return new Response(status, updated, contentType, body);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The Content-Type, or null when there is no body. */
    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body.clone();
    }
}
