package dev.flare.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"1500ms,PT1.5S", "5s,PT5S", "2m,PT2M", "6h,PT6H"})
    void shouldParseAndFormatBackWhenWellFormed(String text, String iso) {
        Duration parsed = Durations.parse(text);

        assertThat(parsed).isEqualTo(Duration.parse(iso));
        assertThat(Durations.format(parsed)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0s", "5", "5d", "-1s", "1.5s", "5 s x"})
    void shouldRefuseWhenNotAPositiveWholeDuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
