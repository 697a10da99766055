package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A client of one resource (spec §1, §4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subscription(
        String id,
        String resourceId,
        Endpoint endpoint,
        DeliveryPolicy delivery,
        ContentOptions content,
        ObjectNode data,
        Instant createdAt) {

    /** The key of this subscription on the subscriptions topic and in the topology's global store. */
    public String key() {
        return key(resourceId, id);
    }

    public static String key(String resourceId, String subscriptionId) {
        return resourceId + "/" + subscriptionId;
    }

    /** The key prefix under which all subscriptions of one resource sort together. */
    public static String keyPrefix(String resourceId) {
        return resourceId + "/";
    }
}
