package dev.flare.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a {@link RawJson}. When the parser reads a byte array {@link JsonSerde} named as its source (attribute
 * {@link #SOURCE}), an object or array is skipped, without decoding its strings or building a tree, and its bytes are
 * copied out of the source. Anything else is copied token by token into compact text.
 */
final class RawJsonDeserializer extends StdDeserializer<RawJson> {

    /** The per-call attribute holding the whole byte array being parsed, from its first byte. */
    static final Object SOURCE = RawJsonDeserializer.class;

    private static final long serialVersionUID = 1L;

    RawJsonDeserializer() {
        super(RawJson.class);
    }

    @Override
    public RawJson deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (context.getAttribute(SOURCE) instanceof byte[] source
                && (parser.hasToken(JsonToken.START_OBJECT) || parser.hasToken(JsonToken.START_ARRAY))) {
            long start = parser.currentTokenLocation().getByteOffset();
            if (start >= 0 && start < source.length && (source[(int) start] == '{' || source[(int) start] == '[')) {
                byte open = source[(int) start];
                parser.skipChildren();
                long end = parser.currentLocation().getByteOffset();
                if (end <= start || end > source.length || source[(int) end - 1] != (open == '{' ? '}' : ']')) {
                    return context.reportInputMismatch(this, "A JSON value's end was not found where it was read");
                }
                return new RawJson(Arrays.copyOfRange(source, (int) start, (int) end));
            }
        }
        return copied(parser);
    }

    private static RawJson copied(JsonParser parser) throws IOException {
        try (ByteArrayBuilder out = new ByteArrayBuilder();
                JsonGenerator generator = Json.mapper().getFactory().createGenerator(out)) {
            generator.copyCurrentStructure(parser);
            generator.flush();
            return new RawJson(out.toByteArray());
        }
    }
}
