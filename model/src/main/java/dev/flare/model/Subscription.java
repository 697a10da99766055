package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** A client of one resource (spec §1, §4). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Subscription(
        String id,
        String resourceId,
        Endpoint endpoint,
        DeliveryPolicy delivery,
        ContentOptions content,
        ObjectNode data,
        Instant createdAt,
        List<SealedSecret> secrets,
        Pause paused) {

    public Subscription {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    public Subscription(
            String id,
            String resourceId,
            Endpoint endpoint,
            DeliveryPolicy delivery,
            ContentOptions content,
            ObjectNode data,
            Instant createdAt) {
        this(id, resourceId, endpoint, delivery, content, data, createdAt, List.of(), null);
    }

    /** The delivery policy, the default one when none was given. */
    public DeliveryPolicy deliveryPolicy() {
        return delivery == null ? DeliveryPolicy.DEFAULT : delivery;
    }

    /** The same subscription with other signing secrets. */
    public Subscription withSecrets(List<SealedSecret> newSecrets) {
        return new Subscription(id, resourceId, endpoint, delivery, content, data, createdAt, newSecrets, paused);
    }

    /** The same subscription paused for {@code pause}, or resumed when it is null. */
    public Subscription withPause(Pause pause) {
        return new Subscription(id, resourceId, endpoint, delivery, content, data, createdAt, secrets, pause);
    }

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
