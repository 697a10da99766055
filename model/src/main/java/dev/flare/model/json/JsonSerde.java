package dev.flare.model.json;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde writing one record type as JSON with {@link Json#mapper()}. Null stays null (tombstones). A
 * {@link RawJson} in a record it reads is sliced out of the record's bytes.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final boolean holdsRawJson;

    private JsonSerde(Class<T> type) {
        this.reader = Json.mapper().readerFor(type);
        this.writer = Json.mapper().writerFor(type);
        this.holdsRawJson = holdsRawJson(type);
    }

    /**
     * Whether {@code type} is or holds a {@link RawJson}, through record components. Only then does a read name its
     * bytes as the source (a reader per record); any other place a RawJson could sit is read by copying.
     */
    static boolean holdsRawJson(Class<?> type) {
        if (type == RawJson.class) {
            return true;
        }
        if (!type.isRecord()) {
            return false;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getType() != type && holdsRawJson(component.getType())) {
                return true;
            }
        }
        return false;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    /**
     * A serde for records read far more often than they change: it reads each distinct value once and keeps up to
     * {@code capacity} of them ({@link MemoizingDeserializer}).
     */
    public static <T> Serde<T> memoizing(Class<T> type, int capacity) {
        JsonSerde<T> json = of(type);
        return Serdes.serdeFrom(json.serializer(), new MemoizingDeserializer<>(json.deserializer(), capacity));
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException(
                        "Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return holdsRawJson
                        ? reader.withAttribute(RawJsonDeserializer.SOURCE, bytes)
                                .readValue(bytes)
                        : reader.readValue(bytes);
            } catch (IOException e) {
                throw new SerializationException("Record on " + topic + " is not valid JSON for its type", e);
            }
        };
    }
}
