package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.json.Json;
import java.util.List;

/**
 * A subscription as the API shows it: its signing secrets are write-only, only their dates are shown; of its secret
 * headers only the names are shown, sorted, as {@code endpoint.secretHeaders}.
 */
final class SubscriptionView {

    private SubscriptionView() {}

    static ObjectNode of(Subscription subscription) {
        ObjectNode view = Json.mapper().valueToTree(subscription);
        view.remove("secrets");
        if (view.get("endpoint") instanceof ObjectNode endpoint) {
            endpoint.remove("sealedHeaders");
            if (!subscription.endpoint().sealedHeaders().isEmpty()) {
                ArrayNode names = endpoint.putArray("secretHeaders");
                subscription.endpoint().sealedHeaders().keySet().stream()
                        .sorted()
                        .forEach(names::add);
            }
        }
        if (!subscription.secrets().isEmpty()) {
            ArrayNode secrets = view.putObject("signing").putArray("secrets");
            for (SealedSecret secret : subscription.secrets()) {
                ObjectNode entry =
                        secrets.addObject().put("createdAt", secret.createdAt().toString());
                if (secret.expiresAt() != null) {
                    entry.put("expiresAt", secret.expiresAt().toString());
                }
            }
        }
        return view;
    }

    static List<ObjectNode> of(List<Subscription> subscriptions) {
        return subscriptions.stream().map(SubscriptionView::of).toList();
    }
}
