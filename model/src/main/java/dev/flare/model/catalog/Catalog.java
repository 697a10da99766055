package dev.flare.model.catalog;

import dev.flare.model.Resource;
import dev.flare.model.Subscription;
import dev.flare.model.template.DocumentUrl;
import dev.flare.model.template.ResourceMatcher;
import dev.flare.model.template.UrlTemplate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory view of every resource and subscription, fed from their compacted topics by {@link CatalogFollower}
 * (and by ingest right after its own acknowledged writes). Thread-safe.
 */
public final class Catalog {

    private static final Comparator<Resource> RESOURCE_ORDER =
            Comparator.comparing(Resource::createdAt).thenComparing(Resource::id);
    private static final Comparator<Subscription> SUBSCRIPTION_ORDER =
            Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id);

    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final Map<String, UrlTemplate> templates = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ResourceMatcher<Resource> matcher = new ResourceMatcher<>();
    private volatile boolean loaded;

    /** A catalog that is complete as filled by its owner. */
    public Catalog() {
        this(true);
    }

    private Catalog(boolean loaded) {
        this.loaded = loaded;
    }

    /** A catalog still to be loaded from Kafka: {@link #isLoaded()} is false until {@link #markLoaded()}. */
    public static Catalog loading() {
        return new Catalog(false);
    }

    /** Called once everything on the topics at start-up has been read. */
    public void markLoaded() {
        loaded = true;
    }

    /** Whether every resource and subscription that existed at start-up is in. */
    public boolean isLoaded() {
        return loaded;
    }

    public synchronized void putResource(Resource resource) {
        if (resources.containsKey(resource.id())) {
            return;
        }
        UrlTemplate template = UrlTemplate.parse(resource.endpoint());
        resources.put(resource.id(), resource);
        templates.put(resource.id(), template);
        matcher.add(template, resource);
    }

    public synchronized void removeResource(String resourceId) {
        resources.remove(resourceId);
        UrlTemplate template = templates.remove(resourceId);
        if (template != null) {
            matcher.remove(template);
        }
    }

    public void putSubscription(Subscription subscription) {
        subscriptions.put(subscription.id(), subscription);
    }

    public void removeSubscription(String subscriptionId) {
        subscriptions.remove(subscriptionId);
    }

    public Optional<Resource> resource(String resourceId) {
        return Optional.ofNullable(resources.get(resourceId));
    }

    public Optional<UrlTemplate> template(String resourceId) {
        return Optional.ofNullable(templates.get(resourceId));
    }

    /** Every resource, oldest first. */
    public List<Resource> resources() {
        return resources.values().stream().sorted(RESOURCE_ORDER).toList();
    }

    /** The resource whose template matches exactly the URLs {@code template} matches, if any. */
    public Optional<Resource> resourceWithSameShape(UrlTemplate template) {
        return templates.entrySet().stream()
                .filter(e -> e.getValue().shapeKey().equals(template.shapeKey()))
                .map(e -> resources.get(e.getKey()))
                .findFirst();
    }

    public Optional<Subscription> subscription(String subscriptionId) {
        return Optional.ofNullable(subscriptions.get(subscriptionId));
    }

    /** The subscriptions of one resource, oldest first. */
    public List<Subscription> subscriptionsOf(String resourceId) {
        return subscriptions.values().stream()
                .filter(s -> s.resourceId().equals(resourceId))
                .sorted(SUBSCRIPTION_ORDER)
                .toList();
    }

    public Optional<ResourceMatcher.Match<Resource>> match(DocumentUrl url) {
        return matcher.match(url);
    }
}
