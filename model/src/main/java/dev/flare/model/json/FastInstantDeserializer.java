package dev.flare.model.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads instants in {@code Instant.toString()}'s form with {@link IsoInstants}, and everything else (offsets, epoch
 * numbers, invalid text and its error) with the Java-time module's deserializer it wraps.
 */
final class FastInstantDeserializer extends DelegatingDeserializer {

    private static final long serialVersionUID = 1L;

    FastInstantDeserializer(JsonDeserializer<?> fullParser) {
        super(fullParser);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
        return new FastInstantDeserializer(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant instant = IsoInstants.parse(parser.getText());
            if (instant != null) {
                return instant;
            }
        }
        return super.deserialize(parser, context);
    }
}
