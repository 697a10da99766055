package dev.flare.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flare.connector.internal.CompletedOffsets.Range;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletedOffsetsTest {

    @Test
    void shouldReadBackTheRangesItWrote() {
        List<Range> ranges =
                List.of(new Range(101, 103), new Range(200, 201), new Range(5_000_000_000L, 5_000_000_300L));

        CompletedOffsets.Encoded encoded = CompletedOffsets.encode(100, ranges, CompletedOffsets.MAX_CHARS);

        assertThat(encoded.ranges()).isEqualTo(3);
        assertThat(encoded.metadata()).startsWith(CompletedOffsets.MARK);
        assertThat(CompletedOffsets.decode(100, encoded.metadata())).isEqualTo(ranges);
    }

    @Test
    void shouldStopAtWholeRangesWithinTheLimit() {
        List<Range> ranges = new ArrayList<>();
        for (long start = 1; start < 20_000; start += 2) {
            ranges.add(new Range(start, start + 1));
        }

        CompletedOffsets.Encoded encoded = CompletedOffsets.encode(0, ranges, CompletedOffsets.MAX_CHARS);

        assertThat(encoded.metadata().length()).isLessThanOrEqualTo(CompletedOffsets.MAX_CHARS);
        assertThat(encoded.ranges()).isBetween(700, ranges.size() - 1);
        assertThat(CompletedOffsets.decode(0, encoded.metadata())).isEqualTo(ranges.subList(0, encoded.ranges()));
    }

    @Test
    void shouldWriteNothingWhenThereIsNothingToList() {
        assertThat(CompletedOffsets.encode(7, List.of(), CompletedOffsets.MAX_CHARS)
                        .metadata())
                .isEmpty();
        assertThat(CompletedOffsets.decode(7, "")).isEmpty();
    }

    @Test
    void shouldListNothingWhenTheMetadataIsSomeoneElses() {
        assertThat(CompletedOffsets.decode(7, null)).isEmpty();
        assertThat(CompletedOffsets.decode(7, "written by another tool")).isEmpty();
    }

    @Test
    void shouldRefuseDamagedMetadataOfItsOwn() {
        String truncated = CompletedOffsets.MARK + "gA"; // a varint with its continuation bit set, then nothing

        assertThatThrownBy(() -> CompletedOffsets.decode(0, truncated)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompletedOffsets.decode(0, CompletedOffsets.MARK + "AAA"))
                .as("an empty range")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompletedOffsets.decode(0, CompletedOffsets.MARK + "*"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseRangesThatStartBeforeTheCommittedOffset() {
        assertThatThrownBy(() -> CompletedOffsets.encode(10, List.of(new Range(5, 6)), CompletedOffsets.MAX_CHARS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
