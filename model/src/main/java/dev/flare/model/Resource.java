package dev.flare.model;

import java.time.Instant;

/** A family of documents identified by a URL template with {@code {wildcards}} (spec §1). Immutable. */
public record Resource(String id, String endpoint, ChangeSpec change, Instant createdAt) {}
