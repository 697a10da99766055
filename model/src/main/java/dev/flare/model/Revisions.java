package dev.flare.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Renders a revision for people: integers as JSON numbers, date versions as RFC 3339 strings in UTC. */
public final class Revisions {

    private Revisions() {}

    public static JsonNode toJson(long revision, boolean dateVersion) {
        return dateVersion
                ? JsonNodeFactory.instance.textNode(toInstantText(revision))
                : JsonNodeFactory.instance.numberNode(revision);
    }

    public static String toInstantText(long epochNanos) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(0, epochNanos));
    }
}
