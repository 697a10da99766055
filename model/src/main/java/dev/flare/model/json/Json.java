package dev.flare.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.time.Instant;
import java.util.Map;

/**
 * The one Jackson configuration of Flare, with read limits tightened from Jackson's permissive defaults (spec §9):
 * documents and API bodies are untrusted input. They are read with {@link #inputMapper()}, whose limits are the
 * constants below; Flare's own records, which wrap documents, with {@link #mapper()}, which leaves room for that.
 */
public final class Json {

    /** Deepest nesting of arrays and objects accepted in a document or request body. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest string value, in characters. */
    public static final int MAX_STRING_LENGTH = 1_048_576;
    /** Longest number, in characters. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Longest name of an object field, in characters. */
    public static final int MAX_NAME_LENGTH = 1_024;
    /** Largest JSON text, in bytes: matches the largest body ingest accepts. */
    public static final long MAX_DOCUMENT_LENGTH = 4L * 1024 * 1024;

    /** Nesting Flare's records add around a document: a dead letter holds a delivery that holds the document. */
    static final int RECORD_NESTING = 4;

    /** Parse and write buffers kept for reuse per mapper, about the most requests and callbacks in flight at once. */
    private static final int RECYCLED_BUFFERS = 256;

    private static final ObjectMapper MAPPER = create(MAX_NESTING_DEPTH + RECORD_NESTING, 2 * MAX_DOCUMENT_LENGTH);
    private static final ObjectMapper INPUT_MAPPER = create(MAX_NESTING_DEPTH, MAX_DOCUMENT_LENGTH);

    private Json() {}

    /**
     * A shared, thread-safe mapper for Flare's own records and responses: a record wrapping a document that
     * {@link #inputMapper()} accepted reads back. Do not reconfigure it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A shared, thread-safe mapper for JSON from outside (request bodies, documents). Do not reconfigure it. */
    public static ObjectMapper inputMapper() {
        return INPUT_MAPPER;
    }

    private static ObjectMapper create(int maxNestingDepth, long maxDocumentLength) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxDocumentLength(maxDocumentLength)
                        .build())
                // Note: Jackson's default buffer pool is per thread, and ingest handlers and callbacks run on virtual
                // threads that live for one request: it allocated ~20 KB of fresh buffers per document written.
                .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFERS))
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(fastInstants())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private static SimpleModule fastInstants() {
        SimpleModule module = new SimpleModule("flare-instants");
        module.setDeserializers(new SimpleDeserializers(Map.<Class<?>, JsonDeserializer<?>>of(
                Instant.class, new FastInstantDeserializer(InstantDeserializer.INSTANT))));
        module.addSerializer(Instant.class, new FastInstantSerializer());
        return module;
    }
}
