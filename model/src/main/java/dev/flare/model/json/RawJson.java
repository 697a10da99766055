package dev.flare.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON value kept as its UTF-8 text: a document passes from ingest through the topology's store and the
 * deliveries to the connector's callback as the same bytes, copied into each record, instead of being read into a
 * tree and written again at every hop. Records holding one write it as is and, when read with {@link JsonSerde},
 * take it back as a slice of the record. Only made from a tree ({@link #of}) or from a record Flare wrote, so it is
 * always one well-formed JSON value. Equal when the texts are equal.
 */
@JsonSerialize(using = RawJsonSerializer.class)
@JsonDeserialize(using = RawJsonDeserializer.class)
public final class RawJson {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final byte[] utf8;

    RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The compact text of {@code node}, as {@link Json#mapper()} writes it. */
    public static RawJson of(JsonNode node) {
        try {
            return new RawJson(Json.mapper().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree cannot fail to serialize", e);
        }
    }

    /** The value as a tree, for the rare reader that needs one. */
    public JsonNode toTree() {
        try {
            return Json.mapper().readTree(utf8);
        } catch (IOException e) {
            throw new UncheckedIOException("a RawJson is one well-formed JSON value", e);
        }
    }

    /** A copy of the text's UTF-8 bytes. */
    public byte[] toBytes() {
        return utf8.clone();
    }

    /** Whether the value is JSON {@code null}. */
    public boolean isNull() {
        return Arrays.equals(utf8, NULL);
    }

    /** The text's length in bytes. */
    public int length() {
        return utf8.length;
    }

    /** The bytes themselves, for the serializer, which only copies them out. */
    byte[] bytes() {
        return utf8;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson raw && Arrays.equals(utf8, raw.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
