package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.Resource;
import dev.flare.model.Subscription;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.template.UrlTemplate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;

/** {@code /resources/{id}/subscriptions[/{sid}]}: create, list, read and delete a resource's subscriptions. */
public final class SubscriptionHandlers {

    private final Topics topics;
    private final Catalog catalog;
    private final KafkaWriter writer;
    private final CatalogWrites writes;
    private final Clock clock;
    private final Serializer<Subscription> serializer =
            JsonSerde.of(Subscription.class).serializer();

    public SubscriptionHandlers(Topics topics, Catalog catalog, KafkaWriter writer, CatalogWrites writes, Clock clock) {
        this.topics = topics;
        this.catalog = catalog;
        this.writer = writer;
        this.writes = writes;
        this.clock = clock;
    }

    public Response create(Request request) {
        Resource resource = resource(request.param("id"));
        ObjectNode body = request.jsonObject();
        UrlTemplate template = catalog.template(resource.id()).orElseGet(() -> UrlTemplate.parse(resource.endpoint()));
        SubscriptionRules.Parts parts = SubscriptionRules.validate(body, template);
        Subscription subscription = new Subscription(
                UUID.randomUUID().toString(),
                resource.id(),
                parts.endpoint(),
                parts.delivery(),
                parts.content(),
                parts.data(),
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        writes.locked(() -> {
            resource(resource.id());
            for (Subscription existing : catalog.subscriptionsOf(resource.id())) {
                if (existing.endpoint().url().equals(subscription.endpoint().url())
                        && existing.endpoint()
                                .method()
                                .equals(subscription.endpoint().method())) {
                    throw ProblemException.conflict("Subscription " + existing.id() + " already calls "
                            + existing.endpoint().method() + " "
                            + existing.endpoint().url() + ".");
                }
            }
            writer.write(
                    topics.subscriptions(),
                    subscription.key(),
                    serializer.serialize(topics.subscriptions(), subscription));
            catalog.putSubscription(subscription);
            return subscription;
        });
        return Response.json(201, subscription)
                .withHeader("Location", "/resources/" + resource.id() + "/subscriptions/" + subscription.id());
    }

    public Response list(Request request) {
        Resource resource = resource(request.param("id"));
        Pagination pagination = Pagination.of(request);
        return Response.json(200, pagination.page("subscriptions", catalog.subscriptionsOf(resource.id())));
    }

    public Response get(Request request) {
        return Response.json(200, subscription(request.param("id"), request.param("sid")));
    }

    public Response delete(Request request) {
        String resourceId = request.param("id");
        String subscriptionId = request.param("sid");
        writes.locked(() -> {
            subscription(resourceId, subscriptionId);
            writer.write(topics.subscriptions(), Subscription.key(resourceId, subscriptionId), null);
            catalog.removeSubscription(subscriptionId);
            return subscriptionId;
        });
        return Response.noContent();
    }

    private Resource resource(String id) {
        return catalog.resource(id).orElseThrow(() -> ProblemException.notFound("No resource has id " + id + "."));
    }

    private Subscription subscription(String resourceId, String subscriptionId) {
        resource(resourceId);
        return catalog.subscription(subscriptionId)
                .filter(s -> s.resourceId().equals(resourceId))
                .orElseThrow(() -> ProblemException.notFound(
                        "Resource " + resourceId + " has no subscription " + subscriptionId + "."));
    }
}
