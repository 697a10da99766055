package dev.flare.ingest.internal;

/** One invalid field of a request: a path like {@code endpoint.headers.X-Bad} or {@code delivery.discard[1]}. */
public record FieldError(String field, String message) {}
