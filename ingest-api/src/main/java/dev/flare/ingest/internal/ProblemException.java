package dev.flare.ingest.internal;

import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * A request that ends in an error response; {@link ApiHandler} renders it as RFC 9457 {@code application/problem+json}
 * with {@code type}, {@code title}, {@code status}, {@code detail} and, for validation, every bad field in
 * {@code errors}.
 */
public final class ProblemException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final String TYPE_BASE = "https://flare.dev/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final transient List<FieldError> errors;
    private final transient Map<String, String> headers;

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        this(status, type, title, detail, errors, Map.of());
    }

    public ProblemException(
            int status,
            String type,
            String title,
            String detail,
            List<FieldError> errors,
            Map<String, String> headers) {
        super(title + ": " + detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(400, TYPE_BASE + "invalid-request", "Invalid request", detail, errors);
    }

    public static ProblemException invalidField(String field, String message) {
        return invalid("The request has an invalid field.", List.of(new FieldError(field, message)));
    }

    public static ProblemException malformed(String detail) {
        return new ProblemException(400, TYPE_BASE + "malformed-request", "Malformed request", detail, List.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, TYPE_BASE + "not-found", "Not found", detail, List.of());
    }

    public static ProblemException methodNotAllowed(String allow) {
        return new ProblemException(
                405,
                TYPE_BASE + "method-not-allowed",
                "Method not allowed",
                "This route accepts " + allow + ".",
                List.of(),
                Map.of("Allow", allow));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, TYPE_BASE + "conflict", "Conflict", detail, List.of());
    }

    public static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(
                413,
                TYPE_BASE + "payload-too-large",
                "Payload too large",
                "The request body is larger than " + maxBytes + " bytes.",
                List.of());
    }

    public static ProblemException uriTooLong(int maxLength) {
        return new ProblemException(
                414,
                TYPE_BASE + "uri-too-long",
                "URI too long",
                "The request target is longer than " + maxLength + " characters.",
                List.of());
    }

    /** The body fit the API's limit, but with Flare's envelope the record is over Kafka's record size limit. */
    public static ProblemException recordTooLarge() {
        return new ProblemException(
                413,
                TYPE_BASE + "payload-too-large",
                "Payload too large",
                "The document is too large to store: with Flare's envelope it is over Kafka's record size limit"
                        + " (max.request.size of the producer, message.max.bytes of the broker). Nothing was changed.",
                List.of());
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(
                415, TYPE_BASE + "unsupported-media-type", "Unsupported media type", detail, List.of());
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(
                503, TYPE_BASE + "unavailable", "Service unavailable", detail, List.of(), Map.of("Retry-After", "1"));
    }

    public static ProblemException internal(String correlationId) {
        return new ProblemException(
                500,
                TYPE_BASE + "internal-error",
                "Internal server error",
                "An unexpected error occurred; quote reference " + correlationId + " when reporting it.",
                List.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
