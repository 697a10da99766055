package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of one request body, then fails once with all of them. */
public final class Fields {

    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** A text field: null when absent or JSON null, recording an error when it holds something else. */
    public String text(JsonNode node, String field) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            add(field, "must be a string");
            return null;
        }
        return node.textValue();
    }

    /**
     * Fails when any error was recorded.
     *
     * @throws ProblemException 400 listing every error
     */
    public void throwIfAny(String detail) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(detail, errors);
        }
    }

    public static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
