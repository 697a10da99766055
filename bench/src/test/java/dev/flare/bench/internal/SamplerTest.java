package dev.flare.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void shouldHoldTheStartAndTheEndOfARunShorterThanTheInterval() {
        Tracker tracker = new Tracker();
        List<Sampler.Point> points;
        try (Sampler sampler = new Sampler(tracker, 60_000, () -> Map.of("group", 7L))) {
            tracker.answered(202, 0, 1, false);
            points = sampler.points();
        }

        assertThat(points).hasSize(2);
        assertThat(points.get(0).cores()).isZero();
        assertThat(points.get(1).seconds()).isGreaterThanOrEqualTo(points.get(0).seconds());
        assertThat(points.get(1).accepted()).isEqualTo(1);
        assertThat(points).allSatisfy(point -> assertThat(point.backlog()).containsEntry("group", 7L));
    }
}
