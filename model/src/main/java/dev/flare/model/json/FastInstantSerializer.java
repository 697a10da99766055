package dev.flare.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes instants as {@code Instant.toString()} does, as the Java-time module does with Flare's settings (ISO text,
 * not timestamps), with {@link IsoInstants#format} instead of a {@code DateTimeFormatter}.
 */
final class FastInstantSerializer extends StdSerializer<Instant> {

    private static final long serialVersionUID = 1L;

    FastInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        char[] text = new char[IsoInstants.MAX_LENGTH];
        int length = IsoInstants.format(value, text);
        if (length < 0) {
            generator.writeString(value.toString());
        } else {
            generator.writeString(text, 0, length);
        }
    }
}
