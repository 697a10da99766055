package dev.flare.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Writes a {@link RawJson}'s bytes as they are into a UTF-8 generator (every record and response Flare writes), and
 * as a tree into any other (text, token buffers), where raw bytes would not be read as JSON.
 */
final class RawJsonSerializer extends StdSerializer<RawJson> {

    private static final long serialVersionUID = 1L;

    RawJsonSerializer() {
        super(RawJson.class);
    }

    @Override
    public void serialize(RawJson value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (generator instanceof UTF8JsonGenerator) {
            generator.writeRawValue(new Utf8Text(value.bytes()));
        } else {
            generator.writeTree(value.toTree());
        }
    }
}
