package dev.flare.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantReadingTest {

    /** Jackson's Java-time module alone, configured as Flare's mappers are otherwise. */
    private static final ObjectMapper REFERENCE = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private static Instant read(ObjectMapper mapper, String json) throws Exception {
        return mapper.readValue(json, Instant.class);
    }

    /** The instant read, or the kind of error reading it raised. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return read(mapper, json);
        } catch (Exception e) {
            return e.getClass();
        }
    }

    @Test
    void shouldReadWhatInstantToStringWritesOnTheFastPathAndAsTheReferenceDoes() throws Exception {
        Random random = new Random(7);
        long first = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long seconds = first + (long) (random.nextDouble() * (last - first));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String text = instant.toString();

            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant);
            assertThat(read(Json.mapper(), '"' + text + '"')).as(text).isEqualTo(instant);
            assertThat(read(Json.inputMapper(), '"' + text + '"')).as(text).isEqualTo(instant);
        }
    }

    @Test
    void shouldUseTheFastReaderInBothMappers() throws Exception {
        for (ObjectMapper mapper : new ObjectMapper[] {Json.mapper(), Json.inputMapper()}) {
            DefaultDeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                    .createInstance(mapper.getDeserializationConfig(), null, null);

            assertThat(context.findRootValueDeserializer(mapper.constructType(Instant.class)))
                    .isInstanceOf(FastInstantDeserializer.class);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-24T08:48:10.9Z",
                "2026-11-24T08:48:10.98Z",
                "2026-11-24T08:48:10.9876Z",
                "2026-11-24T08:48:10.98765432Z",
                "2024-02-29T23:59:59.000000001Z",
                "0000-01-01T00:00:00Z",
                "1970-01-01T00:00:00Z"
            })
    void shouldReadAnyFractionLengthAndLeapDayAsTheReferenceDoes(String text) throws Exception {
        Instant expected = read(REFERENCE, '"' + text + '"');

        assertThat(IsoInstants.parse(text)).isEqualTo(expected);
        assertThat(read(Json.mapper(), '"' + text + '"')).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"2026-11-24T09:48:10.5+01:00\"",
                "\"2026-11-24t08:48:10z\"",
                "\"+10000-01-01T00:00:00Z\"",
                "\"-0001-01-01T00:00:00Z\"",
                "\"2026-12-31T23:59:60Z\"",
                "1795490536.666",
                "1795490536666"
            })
    void shouldLeaveOtherFormsToTheJavaTimeModule(String json) throws Exception {
        if (json.startsWith("\"")) {
            assertThat(IsoInstants.parse(json.substring(1, json.length() - 1))).isNull();
        }

        assertThat(outcome(Json.mapper(), json)).isEqualTo(outcome(REFERENCE, json));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-11-31T00:00:00Z",
                "2026-11-24T08:60:00Z",
                "2026-11-24T08:48:1xZ",
                "2026-11-24T08:48:10.1234567890Z",
                "2026-11-24 08:48:10Z"
            })
    void shouldRejectWhatIsNoInstant(String text) {
        assertThat(IsoInstants.parse(text)).isNull();
        assertThatThrownBy(() -> read(Json.mapper(), '"' + text + '"')).isInstanceOf(JsonMappingException.class);
        assertThat(outcome(Json.mapper(), '"' + text + '"')).isEqualTo(outcome(REFERENCE, '"' + text + '"'));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T24:00:00Z", "2026-11-24T08:48:10", "2026-11-24T08:48:10.Z"})
    void shouldLeaveTheEdgesOfTheFormatToTheJavaTimeModule(String text) {
        assertThat(IsoInstants.parse(text)).isNull();
        assertThat(outcome(Json.mapper(), '"' + text + '"')).isEqualTo(outcome(REFERENCE, '"' + text + '"'));
    }
}
