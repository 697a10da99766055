package dev.flare.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.launcher.internal.TopicSpec;
import dev.flare.model.config.FlareConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicInitializerTest {

    @Test
    void shouldPlanOneTopicPerRetryTierWhenGivenTiers() {
        List<String> names = TopicInitializer.plan(new FlareConfig(Map.of()), 3).stream()
                .map(TopicSpec::name)
                .toList();

        assertThat(names)
                .contains("flare-retry-1", "flare-retry-2", "flare-retry-3")
                .doesNotContain("flare-retry-4");
    }

    @Test
    void shouldRequireTwoInSyncReplicasWhenReplicatedThreeTimes() {
        List<TopicSpec> specs =
                TopicInitializer.plan(new FlareConfig(Map.of(FlareConfig.TOPIC_REPLICATION_FACTOR, "3")), 1);

        assertThat(specs).allSatisfy(spec -> assertThat(spec.configs()).containsEntry("min.insync.replicas", "2"));
    }

    @Test
    void shouldRequireOneInSyncReplicaWhenNotReplicated() {
        List<TopicSpec> specs =
                TopicInitializer.plan(new FlareConfig(Map.of(FlareConfig.TOPIC_REPLICATION_FACTOR, "1")), 1);

        assertThat(specs).allSatisfy(spec -> assertThat(spec.configs()).containsEntry("min.insync.replicas", "1"));
    }
}
