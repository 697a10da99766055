package dev.flare.model.version;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.ChangeSpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a document's version as a comparable {@code long}: the integer itself, or for date versions the instant in
 * nanoseconds since the epoch (spec §3 Versions). One reader is made per resource and is thread-safe.
 */
public final class VersionReader {

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");

    private final List<String> path;
    private final String fieldName;
    private final DateTimeFormatter formatter;

    private VersionReader(String fieldName, DateTimeFormatter formatter) {
        this.fieldName = fieldName;
        this.path = List.of(fieldName.split("\\.", -1));
        this.formatter = formatter;
    }

    /**
     * A reader for one resource's change spec.
     *
     * @throws IllegalArgumentException when the field is blank or the format is neither a Go layout, a Java pattern
     *     nor {@code RFC3339}
     */
    public static VersionReader forSpec(ChangeSpec spec) {
        if (spec == null || spec.field() == null || spec.field().isBlank()) {
            throw new IllegalArgumentException("change.field is required");
        }
        if (spec.field().startsWith(".")
                || spec.field().endsWith(".")
                || spec.field().contains("..")) {
            throw new IllegalArgumentException("change.field must be a field name or a dotted path like meta.version");
        }
        return new VersionReader(spec.field(), spec.isDate() ? DateFormats.formatter(spec.format()) : null);
    }

    public boolean isDate() {
        return formatter != null;
    }

    /**
     * The version of {@code document}.
     *
     * @throws InvalidVersionException when the field is missing or its value cannot be parsed
     */
    public long read(JsonNode document) {
        JsonNode node = document;
        for (String step : path) {
            node = node == null || !node.isObject() ? null : node.get(step);
        }
        if (node == null || node.isNull()) {
            throw new InvalidVersionException("version field '" + fieldName + "' is missing");
        }
        return formatter == null ? readInteger(node) : readDate(node);
    }

    private long readInteger(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual() && INTEGER.matcher(node.textValue()).matches()) {
            try {
                return Long.parseLong(node.textValue());
            } catch (NumberFormatException e) {
                throw outOfRange();
            }
        }
        throw new InvalidVersionException("version field '" + fieldName + "' must hold an integer");
    }

    private long readDate(JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidVersionException("version field '" + fieldName + "' must hold a date string");
        }
        Instant instant;
        try {
            instant = toInstant(formatter.parse(node.textValue()));
        } catch (DateTimeException e) {
            throw new InvalidVersionException(
                    "version field '" + fieldName + "' does not match the resource's date format: " + e.getMessage());
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    // Note: a date without a time is read as its start of day, and a time without an offset as UTC; a zone name
    // without an offset is not used. Queries rather than parseBest, which throws once for every type it skips.
    private static Instant toInstant(TemporalAccessor parsed) {
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            throw new DateTimeException("the value has no date");
        }
        LocalTime time = parsed.query(TemporalQueries.localTime());
        if (time == null) {
            return date.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        ZoneOffset offset = parsed.query(TemporalQueries.offset());
        return date.atTime(time).toInstant(offset == null ? ZoneOffset.UTC : offset);
    }

    private InvalidVersionException outOfRange() {
        return new InvalidVersionException("version field '" + fieldName + "' is out of range");
    }
}
