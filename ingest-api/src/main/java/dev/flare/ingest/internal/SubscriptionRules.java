package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.ContentOptions;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.Endpoint;
import dev.flare.model.secret.WebhookSecrets;
import dev.flare.model.template.UrlTemplate;
import java.util.Map;

/**
 * Validates a subscription body against its resource's template and reports every violation at once. Unknown
 * top-level fields are ignored, so older servers accept newer clients' bodies.
 */
public final class SubscriptionRules {

    /**
     * The valid parts of a subscription body.
     *
     * @param secretHeaders the clear values of the endpoint's secret headers, name to value, to seal before the
     *     endpoint is stored (its {@link Endpoint#sealedHeaders()} are empty here)
     * @param signingSecret the {@code whsec_} secret to sign with (generated or given), null when not signed
     * @param backfill whether the new subscription first receives every live document of its resource
     */
    public record Parts(
            Endpoint endpoint,
            DeliveryPolicy delivery,
            ContentOptions content,
            ObjectNode data,
            Map<String, String> secretHeaders,
            String signingSecret,
            boolean backfill) {

        /** Names the secret headers and says whether there is a signing secret, never their values. */
        @Override
        public String toString() {
            return "Parts[endpoint=" + endpoint + ", secretHeaders=" + secretHeaders.keySet() + ", signed="
                    + (signingSecret != null) + ", backfill=" + backfill + "]";
        }
    }

    private static final int MIN_SECRET_BYTES = 24;
    private static final int MAX_SECRET_BYTES = 64;

    private SubscriptionRules() {}

    /**
     * Validates {@code body}.
     *
     * @throws ProblemException 400 naming every invalid field
     */
    public static Parts validate(ObjectNode body, UrlTemplate resourceTemplate) {
        Fields fields = new Fields();
        EndpointRules endpointRules = new EndpointRules(resourceTemplate, fields);
        JsonNode endpointNode = body.get("endpoint");
        Endpoint endpoint = endpointRules.endpoint(endpointNode);
        Map<String, String> secretHeaders =
                endpoint == null ? Map.of() : endpointRules.secretHeaders(endpointNode.get("secretHeaders"), endpoint);
        DeliveryPolicy delivery = DeliveryRules.delivery(body.get("delivery"), fields);
        ContentOptions content = content(body.get("content"), fields);
        ObjectNode data = data(body.get("data"), content, endpointRules, fields);
        String signingSecret = signing(body.get("signing"), fields);
        JsonNode backfill = body.get("backfill");
        if (!Fields.absent(backfill) && !backfill.isBoolean()) {
            fields.add("backfill", "must be true or false");
        }
        fields.throwIfAny("The subscription is invalid.");
        return new Parts(
                endpoint,
                delivery,
                content,
                data,
                secretHeaders,
                signingSecret,
                !Fields.absent(backfill) && backfill.booleanValue());
    }

    /** {@code "signing": true} generates a secret; {@code {"secret": "whsec_…"}} brings one. */
    private static String signing(JsonNode node, Fields fields) {
        if (Fields.absent(node) || (node.isBoolean() && !node.booleanValue())) {
            return null;
        }
        if (node.isBoolean()) {
            return WebhookSecrets.generate();
        }
        String message = "must be true (generate a secret) or {\"secret\": \"whsec_<base64 of " + MIN_SECRET_BYTES
                + " to " + MAX_SECRET_BYTES + " bytes>\"}";
        JsonNode secret = node.isObject() ? node.get("secret") : null;
        if (secret == null || !secret.isTextual()) {
            fields.add("signing", message);
            return null;
        }
        try {
            int length = WebhookSecrets.keyBytes(secret.textValue()).length;
            if (length >= MIN_SECRET_BYTES && length <= MAX_SECRET_BYTES) {
                return secret.textValue();
            }
        } catch (IllegalArgumentException e) {
            // reported below, without echoing the value
        }
        fields.add("signing.secret", message);
        return null;
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
