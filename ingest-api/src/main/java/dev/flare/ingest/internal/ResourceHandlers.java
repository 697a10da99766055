package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.ChangeSpec;
import dev.flare.model.Resource;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.template.InvalidTemplateException;
import dev.flare.model.template.UrlTemplate;
import dev.flare.model.version.VersionReader;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;

/** {@code /resources} and {@code /resources/{id}}: create, list, read and delete resources. */
public final class ResourceHandlers {

    private static final String VERSION_PROBE_FIELD = "version";

    private final Topics topics;
    private final Catalog catalog;
    private final KafkaWriter writer;
    private final CatalogWrites writes;
    private final VersionReaders readers;
    private final Clock clock;
    private final Serializer<Resource> serializer = JsonSerde.of(Resource.class).serializer();

    public ResourceHandlers(
            Topics topics,
            Catalog catalog,
            KafkaWriter writer,
            CatalogWrites writes,
            VersionReaders readers,
            Clock clock) {
        this.topics = topics;
        this.catalog = catalog;
        this.writer = writer;
        this.writes = writes;
        this.readers = readers;
        this.clock = clock;
    }

    public Response create(Request request) {
        ObjectNode body = request.jsonObject();
        Fields fields = new Fields();
        UrlTemplate template = template(body.get("endpoint"), fields);
        ChangeSpec change = change(body.get("change"), fields);
        fields.throwIfAny("The resource is invalid.");
        Resource resource = new Resource(
                UUID.randomUUID().toString(),
                template.text(),
                change,
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        writes.locked(() -> {
            catalog.resourceWithSameShape(template).ifPresent(existing -> {
                throw ProblemException.conflict("Resource " + existing.id() + " already uses the endpoint template "
                        + existing.endpoint() + ", which matches the same URLs.");
            });
            writer.write(topics.resources(), resource.id(), serializer.serialize(topics.resources(), resource));
            catalog.putResource(resource);
            return resource;
        });
        return Response.json(201, resource).withHeader("Location", "/resources/" + resource.id());
    }

    public Response list(Request request) {
        Pagination pagination = Pagination.of(request);
        return Response.json(200, pagination.page("resources", catalog.resources()));
    }

    public Response get(Request request) {
        return Response.json(200, existing(request.param("id")));
    }

    public Response delete(Request request) {
        String id = request.param("id");
        writes.locked(() -> {
            existing(id);
            int subscriptions = catalog.subscriptionsOf(id).size();
            if (subscriptions > 0) {
                throw ProblemException.conflict("The resource still has " + subscriptions
                        + " subscription(s); delete them before the resource.");
            }
            writer.write(topics.resources(), id, null);
            catalog.removeResource(id);
            readers.forget(id);
            return id;
        });
        return Response.noContent();
    }

    private Resource existing(String id) {
        return catalog.resource(id).orElseThrow(() -> ProblemException.notFound("No resource has id " + id + "."));
    }

    private static UrlTemplate template(JsonNode node, Fields fields) {
        if (Fields.absent(node)) {
            fields.add("endpoint", "is required");
            return null;
        }
        String text = fields.text(node, "endpoint");
        if (text == null) {
            return null;
        }
        try {
            return UrlTemplate.parse(text);
        } catch (InvalidTemplateException e) {
            e.problems().forEach(problem -> fields.add("endpoint", problem));
            return null;
        }
    }

    private static ChangeSpec change(JsonNode node, Fields fields) {
        if (Fields.absent(node)) {
            fields.add("change.field", "is required");
            return null;
        }
        if (!node.isObject()) {
            fields.add("change", "must be an object");
            return null;
        }
        String field = fields.text(node.get("field"), "change.field");
        if (field == null && Fields.absent(node.get("field"))) {
            fields.add("change.field", "is required");
        } else if (field != null) {
            check(new ChangeSpec(field, null), "change.field", fields);
        }
        String format = fields.text(node.get("format"), "change.format");
        if (format != null) {
            check(new ChangeSpec(VERSION_PROBE_FIELD, format), "change.format", fields);
        }
        return new ChangeSpec(field, format);
    }

    private static void check(ChangeSpec spec, String field, Fields fields) {
        try {
            VersionReader.forSpec(spec);
        } catch (IllegalArgumentException e) {
            fields.add(field, e.getMessage());
        }
    }
}
