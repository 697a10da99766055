package dev.flare.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Every Kafka topic Flare uses, named from one prefix (default {@code flare}) so that several installations, or
 * tests, can share a cluster.
 */
public record Topics(String prefix) {

    public static final Topics DEFAULT = new Topics("flare");

    public String resources() {
        return prefix + "-resources";
    }

    public String subscriptions() {
        return prefix + "-subscriptions";
    }

    public String documents() {
        return prefix + "-documents";
    }

    public String deliveries() {
        return prefix + "-deliveries";
    }

    public String deliveryResults() {
        return prefix + "-delivery-results";
    }

    /** Operators' requests about one subscription's copy of a document (re-drive), keyed by document URL. */
    public String deliveryCommands() {
        return prefix + "-delivery-commands";
    }

    /** Deliveries waiting for retry tier {@code tier} (1-based): one topic per delay, so each is in due order. */
    public String retry(int tier) {
        return prefix + "-retry-" + tier;
    }

    public String deadLetters() {
        return prefix + "-dead-letters";
    }

    /** Records the topology could not read or process (poison records), kept for inspection. */
    public String topologyDeadLetters() {
        return prefix + "-topology-dead-letters";
    }

    public List<String> retries(int tiers) {
        List<String> names = new ArrayList<>(tiers);
        for (int tier = 1; tier <= tiers; tier++) {
            names.add(retry(tier));
        }
        return names;
    }
}
