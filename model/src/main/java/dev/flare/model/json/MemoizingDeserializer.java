package dev.flare.model.json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Reads each distinct byte sequence once and hands out the same value whenever it comes again, for records that are
 * read far more often than they change (the topology reads every subscription of a resource for each of its
 * changes). Holds at most {@code capacity} values and starts over when full. Its readers must not modify a value.
 */
public final class MemoizingDeserializer<T> implements Deserializer<T> {

    private final Deserializer<T> reader;
    private final int capacity;
    private final Map<Bytes, T> values = new ConcurrentHashMap<>();

    public MemoizingDeserializer(Deserializer<T> reader, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.reader = reader;
        this.capacity = capacity;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        T known = values.get(Bytes.wrap(data));
        if (known != null) {
            return known;
        }
        T value = reader.deserialize(topic, data);
        if (value != null) {
            if (values.size() >= capacity) {
                values.clear();
            }
            values.put(Bytes.wrap(data.clone()), value);
        }
        return value;
    }

    /** How many values are held now. */
    int size() {
        return values.size();
    }
}
