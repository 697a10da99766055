package dev.flare.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TopologyDescriptionTest {

    @Test
    void shouldMatchTheGoldenDescriptionWhenBuiltWithDefaultTopics() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/topology-description.txt")) {
            assertThat(in).as("topology-description.txt on the test classpath").isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        String actual = FlareTopology.build(TopologyHarness.TOPICS, new TopologyMetrics(new SimpleMeterRegistry()))
                .describe()
                .toString();

        assertThat(actual.strip()).isEqualTo(golden.strip());
    }
}
