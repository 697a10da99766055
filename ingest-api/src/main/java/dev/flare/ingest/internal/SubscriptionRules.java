package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.ContentOptions;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.Endpoint;
import dev.flare.model.template.UrlTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a subscription body against its resource's template and reports every violation at once. Unknown
 * top-level fields are ignored, so older servers accept newer clients' bodies.
 */
public final class SubscriptionRules {

    /** The valid parts of a subscription body. */
    public record Parts(Endpoint endpoint, DeliveryPolicy delivery, ContentOptions content, ObjectNode data) {}

    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;

    private SubscriptionRules() {}

    /**
     * Validates {@code body}.
     *
     * @throws ProblemException 400 naming every invalid field
     */
    public static Parts validate(ObjectNode body, UrlTemplate resourceTemplate) {
        Fields fields = new Fields();
        EndpointRules endpointRules = new EndpointRules(resourceTemplate, fields);
        Endpoint endpoint = endpointRules.endpoint(body.get("endpoint"));
        DeliveryPolicy delivery = delivery(body.get("delivery"), fields);
        ContentOptions content = content(body.get("content"), fields);
        ObjectNode data = data(body.get("data"), content, endpointRules, fields);
        fields.throwIfAny("The subscription is invalid.");
        return new Parts(endpoint, delivery, content, data);
    }

    private static DeliveryPolicy delivery(JsonNode node, Fields fields) {
        if (Fields.absent(node)) {
            return new DeliveryPolicy(List.of(), List.of());
        }
        if (!node.isObject()) {
            fields.add("delivery", "must be an object");
            return new DeliveryPolicy(List.of(), List.of());
        }
        List<Integer> success = statuses(node.get("success"), "delivery.success", fields);
        List<Integer> discard = statuses(node.get("discard"), "delivery.discard", fields);
        for (int i = 0; i < discard.size(); i++) {
            Integer status = discard.get(i);
            if (status != null && success.contains(status)) {
                fields.add("delivery.discard[" + i + "]", "status " + status + " is also in delivery.success");
            }
        }
        return new DeliveryPolicy(
                success.stream().filter(s -> s != null).toList(),
                discard.stream().filter(s -> s != null).toList());
    }

    private static List<Integer> statuses(JsonNode node, String field, Fields fields) {
        List<Integer> statuses = new ArrayList<>();
        if (Fields.absent(node)) {
            return statuses;
        }
        if (!node.isArray()) {
            fields.add(field, "must be a list of status codes");
            return statuses;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode status = node.get(i);
            if (status.isIntegralNumber()
                    && status.canConvertToInt()
                    && status.intValue() >= MIN_STATUS
                    && status.intValue() <= MAX_STATUS) {
                statuses.add(status.intValue());
            } else {
                fields.add(field + "[" + i + "]", "must be an HTTP status code from 100 to 599");
                statuses.add(null);
            }
        }
        return statuses;
    }

    private static ContentOptions content(JsonNode node, Fields fields) {
        if (Fields.absent(node)) {
            return ContentOptions.DEFAULT;
        }
        if (!node.isObject()) {
            fields.add("content", "must be an object");
            return ContentOptions.DEFAULT;
        }
        boolean envelope = flag(node.get("envelope"), "content.envelope", fields);
        boolean document = flag(node.get("document"), "content.document", fields);
        if (!envelope && !document) {
            fields.add("content", "must include the envelope, the document or both");
        }
        return new ContentOptions(envelope, document);
    }

    private static boolean flag(JsonNode node, String field, Fields fields) {
        if (Fields.absent(node)) {
            return true;
        }
        if (!node.isBoolean()) {
            fields.add(field, "must be true or false");
            return true;
        }
        return node.booleanValue();
    }

    private static ObjectNode data(JsonNode node, ContentOptions content, EndpointRules rules, Fields fields) {
        if (Fields.absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            fields.add("data", "must be an object");
            return null;
        }
        if (!content.envelope()) {
            fields.add("data", "is only allowed when content.envelope is true");
        }
        checkStrings(node, "data", rules);
        return (ObjectNode) node;
    }

    private static void checkStrings(JsonNode node, String path, EndpointRules rules) {
        if (node.isTextual()) {
            rules.checkWildcards(node.textValue(), path);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrings(node.get(i), path + "[" + i + "]", rules);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                checkStrings(entry.getValue(), path + "." + entry.getKey(), rules);
            }
        }
    }
}
