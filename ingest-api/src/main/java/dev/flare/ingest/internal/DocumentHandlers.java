package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.DocumentChange;
import dev.flare.model.DocumentLookup;
import dev.flare.model.DocumentState;
import dev.flare.model.Resource;
import dev.flare.model.Revisions;
import dev.flare.model.StateUnavailableException;
import dev.flare.model.Topics;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.json.Json;
import dev.flare.model.json.JsonSerde;
import dev.flare.model.json.RawJson;
import dev.flare.model.template.DocumentUrl;
import dev.flare.model.template.InvalidTemplateException;
import dev.flare.model.version.InvalidVersionException;
import dev.flare.model.version.VersionReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@code /documents/{documentURL}}: an origin's PUT and DELETE of a document, written to the documents topic keyed
 * by its URL, and the topology's view of it on GET.
 */
public final class DocumentHandlers {

    /** Everything after this prefix of the raw request target is the document URL. */
    public static final String PREFIX = "/documents/";

    private static final String URL_FIELD = "documentURL";

    private final Topics topics;
    private final Catalog catalog;
    private final KafkaWriter writer;
    private final DocumentLookup documents;
    private final VersionReaders readers;
    private final HttpMetrics metrics;
    private final AcknowledgedRevisions acknowledged;
    private final Clock clock;
    private final Serializer<DocumentChange> serializer =
            JsonSerde.of(DocumentChange.class).serializer();

    public DocumentHandlers(
            Topics topics,
            Catalog catalog,
            KafkaWriter writer,
            DocumentLookup documents,
            VersionReaders readers,
            HttpMetrics metrics,
            int rememberedDocuments,
            Clock clock) {
        this.topics = topics;
        this.catalog = catalog;
        this.writer = writer;
        this.documents = documents;
        this.readers = readers;
        this.metrics = metrics;
        this.acknowledged = new AcknowledgedRevisions(rememberedDocuments);
        this.clock = clock;
    }

    public Response put(Request request) {
        String url = documentUrl(request);
        DocumentUrl parsed = parse(url);
        ObjectNode body = request.jsonObject();
        Resource resource = resourceOf(parsed);
        VersionReader reader = readers.of(resource);
        long revision;
        try {
            revision = reader.read(body);
        } catch (InvalidVersionException e) {
            throw ProblemException.invalid(
                    "The document's version cannot be read.",
                    List.of(new FieldError(resource.change().field(), e.getMessage())));
        }
        if (acknowledged.covers(resource, url, revision)) {
            metrics.documentPutAlreadyKnown();
        } else {
            DocumentChange change = DocumentChange.put(
                    url, resource.id(), revision, reader.isDate(), RawJson.of(body), Instant.now(clock));
            writer.write(topics.documents(), url, serializer.serialize(topics.documents(), change));
            acknowledged.acknowledged(resource, url, revision);
            metrics.documentPut();
        }
        ObjectNode answer = accepted(url);
        answer.set("revision", Revisions.toJson(revision, reader.isDate()));
        return Response.json(202, answer);
    }

    public Response delete(Request request) {
        String url = documentUrl(request);
        Resource resource = resourceOf(parse(url));
        DocumentChange change = DocumentChange.delete(url, resource.id(), Instant.now(clock));
        writer.write(topics.documents(), url, serializer.serialize(topics.documents(), change));
        metrics.documentDelete();
        return Response.json(202, accepted(url));
    }

    public Response get(Request request) {
        String url = documentUrl(request);
        parse(url);
        Optional<DocumentState> state;
        try {
            state = documents.document(url);
        } catch (StateUnavailableException e) {
            throw ProblemException.unavailable("The document state is not readable right now; retry shortly.");
        }
        DocumentState document =
                state.orElseThrow(() -> ProblemException.notFound("No document is stored at " + url + "."));
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("id", url);
        body.set("revision", Revisions.toJson(document.revision(), document.dateVersion()));
        if (document.updatedAt() != null) {
            body.put("updatedAt", document.updatedAt().toString());
        }
        body.put("deleted", document.deleted());
        if (!document.deleted() && document.content() != null) {
            body.set("content", document.content().toTree());
        }
        return Response.json(200, body);
    }

    /**
     * The document URL: the raw request target after {@value #PREFIX}, percent-decoded once when it was sent
     * encoded ({@code http%3A%2F%2F...}).
     */
    static String documentUrl(Request request) {
        return decodeDocumentUrl(request.rawTargetAfter(PREFIX.length()));
    }

    /** A document URL as written in a request path: as is, or percent-decoded once when it was sent encoded. */
    static String decodeDocumentUrl(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http%3a") && !lower.startsWith("https%3a")) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(URL_FIELD, "is not validly percent-encoded");
        }
    }

    private static DocumentUrl parse(String url) {
        try {
            return DocumentUrl.parse(url);
        } catch (InvalidTemplateException e) {
            throw ProblemException.invalid(
                    "The document URL is invalid.",
                    e.problems().stream()
                            .map(problem -> new FieldError(URL_FIELD, problem))
                            .toList());
        }
    }

    private Resource resourceOf(DocumentUrl url) {
        return catalog.match(url)
                .map(match -> match.resource())
                .orElseThrow(() -> ProblemException.notFound("No resource matches the document URL " + url.text()
                        + "; create a resource whose endpoint template matches it first."));
    }

    private static ObjectNode accepted(String url) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("id", url);
        body.put("status", "accepted");
        return body;
    }
}
