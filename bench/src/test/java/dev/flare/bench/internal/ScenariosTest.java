package dev.flare.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScenariosTest {

    @Test
    void shouldExpectTheLastVersionSentOfEachCycledDocument() {
        assertThat(Scenarios.newestCycled(4, 10)).containsExactly(3, 3, 2, 2);
        assertThat(Scenarios.newestCycled(4, 8)).containsExactly(2, 2, 2, 2);
        assertThat(Scenarios.newestCycled(4, 3)).containsExactly(1, 1, 1, 0);
    }
}
