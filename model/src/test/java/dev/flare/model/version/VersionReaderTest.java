package dev.flare.model.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.ChangeSpec;
import dev.flare.model.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionReaderTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void shouldReadIntegerVersionsFromNumbersAndNumericStrings() throws Exception {
        VersionReader reader = VersionReader.forSpec(new ChangeSpec("meta.version", null));

        assertThat(reader.read(json("{\"meta\":{\"version\":7}}"))).isEqualTo(7L);
        assertThat(reader.read(json("{\"meta\":{\"version\":\"12\"}}"))).isEqualTo(12L);
        assertThat(reader.isDate()).isFalse();
    }

    @Test
    void shouldRejectMissingFractionalAndNonNumericIntegerVersions() {
        VersionReader reader = VersionReader.forSpec(new ChangeSpec("version", null));

        assertThatThrownBy(() -> reader.read(json("{}"))).isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> reader.read(json("{\"version\":1.5}"))).isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> reader.read(json("{\"version\":\"v2\"}"))).isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> reader.read(json("{\"version\":\"99999999999999999999\"}")))
                .isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> reader.read(json("{\"version\":null}"))).isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void shouldReadDatesWithGoReferenceLayout() throws Exception {
        VersionReader reader = VersionReader.forSpec(new ChangeSpec("updatedAt", "2006-01-02T15:04:05Z07:00"));

        assertThat(reader.read(json("{\"updatedAt\":\"2024-03-01T10:00:00Z\"}")))
                .isEqualTo(nanos("2024-03-01T10:00:00Z"));
        assertThat(reader.read(json("{\"updatedAt\":\"2024-03-01T12:00:00.5+02:00\"}")))
                .isEqualTo(nanos("2024-03-01T10:00:00.5Z"));
    }

    @Test
    void shouldReadDatesWithRfc3339AndJavaPatterns() throws Exception {
        VersionReader rfc = VersionReader.forSpec(new ChangeSpec("at", "RFC3339"));
        VersionReader java = VersionReader.forSpec(new ChangeSpec("at", "yyyy-MM-dd HH:mm:ss"));
        VersionReader goDate = VersionReader.forSpec(new ChangeSpec("at", "02 Jan 2006 15:04"));

        assertThat(rfc.read(json("{\"at\":\"2024-03-01T10:00:00.123456789Z\"}")))
                .isEqualTo(nanos("2024-03-01T10:00:00.123456789Z"));
        assertThat(java.read(json("{\"at\":\"2024-03-01 10:00:00\"}"))).isEqualTo(nanos("2024-03-01T10:00:00Z"));
        assertThat(goDate.read(json("{\"at\":\"01 Mar 2024 10:00\"}"))).isEqualTo(nanos("2024-03-01T10:00:00Z"));
    }

    @Test
    void shouldOrderLaterDatesAfterEarlierOnes() throws Exception {
        VersionReader reader = VersionReader.forSpec(new ChangeSpec("at", "RFC3339"));

        assertThat(reader.read(json("{\"at\":\"2024-03-01T10:00:01Z\"}")))
                .isGreaterThan(reader.read(json("{\"at\":\"2024-03-01T11:00:00+02:00\"}")));
    }

    @Test
    void shouldRejectDatesThatDoNotMatchTheFormat() {
        VersionReader reader = VersionReader.forSpec(new ChangeSpec("at", "2006-01-02T15:04:05Z07:00"));

        assertThatThrownBy(() -> reader.read(json("{\"at\":\"yesterday\"}")))
                .isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> reader.read(json("{\"at\":\"2024-02-30T10:00:00Z\"}")))
                .isInstanceOf(InvalidVersionException.class);
        assertThatThrownBy(() -> reader.read(json("{\"at\":20240301}"))).isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void shouldRejectBadSpecsWhenResourceIsCreated() {
        assertThatThrownBy(() -> VersionReader.forSpec(new ChangeSpec(" ", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionReader.forSpec(new ChangeSpec("a..b", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionReader.forSpec(new ChangeSpec("at", "yyyy-MM-dd {{")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectFormatsWhenAPaddedNumberRunsIntoAnotherNumber() {
        assertThatThrownBy(() -> VersionReader.forSpec(new ChangeSpec("version", "Jan _206 15:04:05")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("change.format");
        assertThatThrownBy(() -> VersionReader.forSpec(new ChangeSpec("version", "ppdMM")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("change.format");
    }
}
