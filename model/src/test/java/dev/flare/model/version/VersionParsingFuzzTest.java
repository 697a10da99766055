package dev.flare.model.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.ChangeSpec;
import dev.flare.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes version reading. An input is lines of UTF-8: the {@code change.format} (empty for integer versions), then
 * up to three version values, each a JSON value or else a string (see docs/fuzzing.md).
 */
class VersionParsingFuzzTest {

    private static final int VALUES = 3;

    @FuzzTest(maxDuration = "5m")
    @Timeout(5)
    void shouldReadOnlyComparableVersionsOrRejectThem(byte[] input) {
        List<String> lines = Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\n", -1));
        String format = lines.getFirst().isEmpty() ? null : lines.getFirst();
        VersionReader reader;
        try {
            reader = VersionReader.forSpec(new ChangeSpec("version", format));
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageContaining("change.");
            return;
        }
        List<Long> versions = new ArrayList<>();
        for (String text : lines.subList(1, Math.min(lines.size(), VALUES + 1))) {
            JsonNode value = value(text);
            Optional<Long> version = read(reader, value);
            assertThat(read(reader, value)).as("read twice").isEqualTo(version);
            version.ifPresent(v -> agreesWithIndependentParsers(format, value, v));
            version.ifPresent(versions::add);
        }
        ordersConsistently(versions);
    }

    private static Optional<Long> read(VersionReader reader, JsonNode value) {
        ObjectNode document = Json.mapper().createObjectNode();
        document.set("version", value);
        try {
            return Optional.of(reader.read(document));
        } catch (InvalidVersionException e) {
            assertThat(e).hasMessageContaining("version field");
            return Optional.empty();
        }
    }

    /** Integers read as Java reads them; RFC 3339 dates as the instant {@link OffsetDateTime} parses. */
    private static void agreesWithIndependentParsers(String format, JsonNode value, long version) {
        if (format == null) {
            long expected = value.isTextual() ? Long.parseLong(value.textValue()) : value.longValue();
            assertThat(version).isEqualTo(expected);
        } else if (format.equals("RFC3339") && value.isTextual()) {
            instantOf(value.textValue())
                    .ifPresent(instant -> assertThat(version)
                            .isEqualTo(instant.getEpochSecond() * 1_000_000_000L + instant.getNano()));
        }
    }

    private static Optional<Instant> instantOf(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static void ordersConsistently(List<Long> versions) {
        for (Long a : versions) {
            for (Long b : versions) {
                assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
                for (Long c : versions) {
                    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
                        assertThat(a).isLessThanOrEqualTo(c);
                    }
                }
            }
        }
    }

    private static JsonNode value(String text) {
        try {
            JsonNode parsed = Json.mapper().readTree(text);
            return parsed == null || parsed.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : parsed;
        } catch (JacksonException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
