package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.ingest.HostResolver;
import dev.flare.model.DeliveryCommand;
import dev.flare.model.Resource;
import dev.flare.model.SealedSecret;
import dev.flare.model.Subscription;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.config.FlareConfig;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.net.AddressPolicy;
import dev.flare.model.secret.SecretBox;
import dev.flare.model.secret.WebhookSecrets;
import dev.flare.model.template.UrlTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;

/** {@code /resources/{id}/subscriptions[/{sid}]}: create, list, read and delete a resource's subscriptions. */
public final class SubscriptionHandlers {

    /** How long a rotated-out signing secret keeps signing. */
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private final Topics topics;
    private final Catalog catalog;
    private final KafkaWriter writer;
    private final CatalogWrites writes;
    private final EndpointAddresses addresses;
    private final Optional<SecretBox> secretBox;
    private final Clock clock;
    private final Serializer<Subscription> serializer =
            JsonSerde.of(Subscription.class).serializer();
    private final Serializer<DeliveryCommand> commands =
            JsonSerde.of(DeliveryCommand.class).serializer();

    public SubscriptionHandlers(
            Topics topics,
            Catalog catalog,
            KafkaWriter writer,
            CatalogWrites writes,
            AddressPolicy addressPolicy,
            HostResolver resolver,
            Optional<SecretBox> secretBox,
            Clock clock) {
        this.topics = topics;
        this.catalog = catalog;
        this.writer = writer;
        this.writes = writes;
        this.addresses = new EndpointAddresses(addressPolicy, resolver);
        this.secretBox = secretBox;
        this.clock = clock;
    }

    public Response create(Request request) {
        Resource resource = resource(request.param("id"));
        ObjectNode body = request.jsonObject();
        UrlTemplate template = catalog.template(resource.id()).orElseGet(() -> UrlTemplate.parse(resource.endpoint()));
        SubscriptionRules.Parts parts = SubscriptionRules.validate(body, template);
        Fields fields = new Fields();
        addresses.check(parts.endpoint(), fields);
        checkSecretsCanBeKept(parts, fields);
        fields.throwIfAny("The subscription is invalid.");
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        List<SealedSecret> secrets = parts.signingSecret() == null
                ? List.of()
                : List.of(new SealedSecret(secretBox.orElseThrow().seal(parts.signingSecret()), now, null));
        Subscription subscription = new Subscription(
                UUID.randomUUID().toString(),
                resource.id(),
                parts.endpoint().withSealedHeaders(sealed(parts.secretHeaders())),
                parts.delivery(),
                parts.content(),
                parts.data(),
                now,
                secrets,
                null);
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
            save(subscription);
            return subscription;
        });
        if (parts.backfill()) {
            writer.writeToEveryPartition(
                    topics.deliveryCommands(),
                    commands.serialize(topics.deliveryCommands(), DeliveryCommand.backfill(subscription, now)));
        }
        ObjectNode view = SubscriptionView.of(subscription);
        if (parts.signingSecret() != null) {
            view.put("signingSecret", parts.signingSecret());
        }
        if (parts.backfill()) {
            view.put("backfill", true);
        }
        return Response.json(201, view)
                .withHeader("Location", "/resources/" + resource.id() + "/subscriptions/" + subscription.id());
    }

    private void checkSecretsCanBeKept(SubscriptionRules.Parts parts, Fields fields) {
        if (secretBox.isPresent()) {
            return;
        }
        String unset = ": its operator has not set " + FlareConfig.SECRET_KEY;
        if (parts.signingSecret() != null) {
            fields.add("signing", "this server cannot keep signing secrets" + unset);
        }
        if (!parts.secretHeaders().isEmpty()) {
            fields.add("endpoint.secretHeaders", "this server cannot keep secret header values" + unset);
        }
    }

    private Map<String, String> sealed(Map<String, String> clear) {
        Map<String, String> sealed = new LinkedHashMap<>();
        clear.forEach((name, value) -> sealed.put(name, secretBox.orElseThrow().seal(value)));
        return sealed;
    }

    /**
     * {@code POST …/secret/rotate}: a new signing secret, returned this once; the previous one keeps signing for
     * {@link #ROTATION_OVERLAP} so receivers can switch over. Secrets past their end are dropped.
     */
    public Response rotateSecret(Request request) {
        if (secretBox.isEmpty()) {
            throw ProblemException.conflict("This server cannot keep signing secrets: its operator has not set "
                    + FlareConfig.SECRET_KEY + ".");
        }
        String secret = WebhookSecrets.generate();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        Subscription rotated = writes.locked(() -> {
            Subscription current = subscription(request.param("id"), request.param("sid"));
            List<SealedSecret> secrets = new ArrayList<>();
            secrets.add(new SealedSecret(secretBox.get().seal(secret), now, null));
            for (SealedSecret old : current.secrets()) {
                SealedSecret ending = old.expiresAt() == null
                        ? new SealedSecret(old.sealed(), old.createdAt(), now.plus(ROTATION_OVERLAP))
                        : old;
                if (ending.isActiveAt(now)) {
                    secrets.add(ending);
                }
            }
            Subscription next = current.withSecrets(secrets);
            save(next);
            return next;
        });
        ObjectNode view = SubscriptionView.of(rotated);
        view.put("signingSecret", secret);
        return Response.json(200, view);
    }

    /** {@code POST …/resume}: deliveries to a paused subscription (after a 410 Gone, say) start again. */
    public Response resume(Request request) {
        Subscription resumed = writes.locked(() -> {
            Subscription current = subscription(request.param("id"), request.param("sid"));
            if (current.paused() == null) {
                return current;
            }
            Subscription next = current.withPause(null);
            save(next);
            return next;
        });
        return Response.json(200, SubscriptionView.of(resumed));
    }

    private void save(Subscription subscription) {
        writer.write(
                topics.subscriptions(), subscription.key(), serializer.serialize(topics.subscriptions(), subscription));
        catalog.putSubscription(subscription);
    }

    public Response list(Request request) {
        Resource resource = resource(request.param("id"));
        Pagination pagination = Pagination.of(request);
        return Response.json(
                200, pagination.page("subscriptions", SubscriptionView.of(catalog.subscriptionsOf(resource.id()))));
    }

    public Response get(Request request) {
        return Response.json(200, SubscriptionView.of(subscription(request.param("id"), request.param("sid"))));
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

    Subscription subscription(String resourceId, String subscriptionId) {
        resource(resourceId);
        return catalog.subscription(subscriptionId)
                .filter(s -> s.resourceId().equals(resourceId))
                .orElseThrow(() -> ProblemException.notFound(
                        "Resource " + resourceId + " has no subscription " + subscriptionId + "."));
    }
}
