package dev.flare.launcher.internal;

import java.util.Map;

/** A topic Flare needs: its name, partitions, replication factor and the configs it is created with. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    public String cleanupPolicy() {
        return configs.get("cleanup.policy");
    }
}
