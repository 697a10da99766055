package dev.flare.chaos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakReportTest {

    private static final long MIB = 1 << 20;

    @Test
    void shouldJudgeTheHeapOnlyBySamplesTakenAfterAFullCollection() {
        List<ProcessSample> samples = new ArrayList<>();
        for (int second = 0; second < 600; second += 15) {
            boolean collected = second % 150 == 0;
            long heap = collected ? 200 * MIB : (200 + second % 150 * 4) * MIB;
            samples.add(new ProcessSample(second, heap, 1_000 * MIB, 130, 600, collected));
        }
        samples.add(new ProcessSample(600, 900 * MIB, 1_000 * MIB, 130, 600, false));

        SoakReport report = SoakReport.of(null, 100, samples);

        assertThat(report.heap()).isEqualTo(new SoakReport.Growth(200 * MIB, 200 * MIB));
    }

    @Test
    void shouldCompareTheHighestRssThreadsAndFilesOfTheFirstAndLastWindows() {
        List<ProcessSample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add(new ProcessSample(i * 15, 100 * MIB, (1_000 + i) * MIB, 130 + i, 600 - i, false));
        }

        SoakReport report = SoakReport.of(null, 0, samples);

        assertThat(report.rss()).isEqualTo(new SoakReport.Growth(1_003 * MIB, 1_019 * MIB));
        assertThat(report.threads()).isEqualTo(new SoakReport.Growth(133, 149));
        assertThat(report.openFiles()).isEqualTo(new SoakReport.Growth(600, 584));
        assertThat(report.heap()).isEqualTo(new SoakReport.Growth(0, 0));
    }
}
