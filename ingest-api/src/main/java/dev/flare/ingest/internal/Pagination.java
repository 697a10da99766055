package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.json.Json;
import java.util.ArrayList;
import java.util.List;

/** {@code limit} and {@code offset} of a list request: limit 30 by default, at most 100. */
public record Pagination(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 30;
    public static final int MAX_LIMIT = 100;

    /**
     * Reads the query parameters.
     *
     * @throws ProblemException 400 naming each bad parameter
     */
    public static Pagination of(Request request) {
        List<FieldError> errors = new ArrayList<>();
        int limit = parse(request, "limit", DEFAULT_LIMIT, MAX_LIMIT, errors);
        int offset = parse(request, "offset", 0, Integer.MAX_VALUE, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The pagination parameters are invalid.", errors);
        }
        return new Pagination(limit, offset);
    }

    private static int parse(Request request, String name, int fallback, int max, List<FieldError> errors) {
        String text = request.query(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        String message = "must be an integer between 0 and " + max;
        if (!text.matches("\\d{1,10}")) {
            errors.add(new FieldError(name, message));
            return fallback;
        }
        long value = Long.parseLong(text);
        if (value > max) {
            errors.add(new FieldError(name, message));
            return fallback;
        }
        return (int) value;
    }

    /** {@code {"pagination": {...}, "<name>": [page of items]}}. */
    public <T> ObjectNode page(String name, List<T> all) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("pagination").put("limit", limit).put("offset", offset).put("total", all.size());
        List<T> page = offset >= all.size() ? List.of() : all.subList(offset, Math.min(all.size(), offset + limit));
        body.set(name, Json.mapper().valueToTree(page));
        return body;
    }
}
