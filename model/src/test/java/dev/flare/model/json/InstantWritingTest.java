package dev.flare.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantWritingTest {

    private static String written(ObjectMapper mapper, Instant instant) throws Exception {
        return mapper.writeValueAsString(instant);
    }

    @Test
    void shouldWriteWhatInstantToStringWritesForAnyInstantOfFourDigitYears() throws Exception {
        Random random = new Random(11);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        char[] out = new char[IsoInstants.MAX_LENGTH];
        for (int i = 0; i < 20_000; i++) {
            long seconds = first + (long) (random.nextDouble() * (last - first));
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                case 3 -> 1 + random.nextInt(999) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String expected = instant.toString();

            assertThat(new String(out, 0, IsoInstants.format(instant, out))).isEqualTo(expected);
            assertThat(written(Json.mapper(), instant)).isEqualTo('"' + expected + '"');
            assertThat(written(Json.inputMapper(), instant)).isEqualTo('"' + expected + '"');
        }
    }

    @Test
    void shouldUseTheFastWriterInBothMappers() throws Exception {
        for (ObjectMapper mapper : new ObjectMapper[] {Json.mapper(), Json.inputMapper()}) {
            assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class))
                    .isInstanceOf(FastInstantSerializer.class);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0000-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.001Z",
                "2026-11-25T05:00:00.000100Z",
                "9999-12-31T23:59:59.100Z"
            })
    void shouldWriteTheEdgesOfTheFormAsInstantToStringDoes(String text) throws Exception {
        Instant instant = Instant.parse(text);

        assertThat(written(Json.mapper(), instant)).isEqualTo('"' + instant.toString() + '"');
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.5Z", "+1000000000-12-31T23:59:59Z"})
    void shouldLeaveYearsOutsideFourDigitsToInstantToString(String text) throws Exception {
        Instant instant = Instant.parse(text);

        assertThat(IsoInstants.format(instant, new char[IsoInstants.MAX_LENGTH]))
                .isEqualTo(-1);
        assertThat(written(Json.mapper(), instant)).isEqualTo('"' + instant.toString() + '"');
        assertThat(Json.mapper().readValue(written(Json.mapper(), instant), Instant.class))
                .isEqualTo(instant);
    }
}
