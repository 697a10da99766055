package dev.flare.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void shouldCountACollectionAndTheCallingThreadsCpuSinceASnapshot() {
        long start = System.nanoTime();
        ProcessStats.CpuSnapshot before = ProcessStats.cpuSnapshot();
        long spin = System.nanoTime() + 200_000_000L;
        long sink = 0;
        while (System.nanoTime() < spin) {
            sink += Long.hashCode(sink + 31);
        }
        System.gc();

        Map<String, Object> cpu = ProcessStats.cpuSince(before, start);

        assertThat(sink).isNotEqualTo(1);
        assertThat((Long) cpu.get("gcCollections")).isPositive();
        @SuppressWarnings("unchecked")
        Map<String, Double> families = (Map<String, Double>) cpu.get("byThreadFamilySeconds");
        assertThat(families)
                .containsKey(ProcessStats.family(Thread.currentThread().getName()));
        assertThat((Double) cpu.get("processCpuSeconds")).isGreaterThanOrEqualTo(0.15);
        @SuppressWarnings("unchecked")
        Map<String, Double> osFamilies = (Map<String, Double>) cpu.get("byOsThreadFamilySeconds");
        assertThat(osFamilies.values().stream().mapToDouble(Double::doubleValue).sum())
                .isGreaterThanOrEqualTo(0.15);
        assertThat((Double) cpu.get("outsideJavaThreadsCpuSeconds"))
                .isLessThanOrEqualTo((Double) cpu.get("processCpuSeconds"));
    }
}
