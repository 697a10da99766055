package dev.flare.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flare.model.Action;
import dev.flare.model.DeadLetter;
import dev.flare.model.Delivery;
import dev.flare.model.DocumentState;
import dev.flare.model.SubscriptionDeliveryState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RawJsonTest {

    /** Strings with the characters that end or nest values, escapes, and characters of two to four UTF-8 bytes. */
    private static final String TRICKY = "{\"s\":\"a } ] { [ \\\" \\\\ , : \\n \\u0000 é € 𝄞\",\"n\":[1,-2.5e-300,"
            + "123456789012345678901234567890,{\"e\":{}},[],[[\"}\"]]],\"t\":true,\"z\":null,\"}\":\"]\"}";

    private static final JsonSerde<DocumentState> STATES = JsonSerde.of(DocumentState.class);

    private static DocumentState state(RawJson content) {
        return new DocumentState("http://h/1", "r", 3, false, false, content, Instant.EPOCH);
    }

    @Test
    void shouldReadBackTheSameTextThroughARecord() throws Exception {
        RawJson content = RawJson.of(Json.inputMapper().readTree(TRICKY));

        DocumentState read =
                STATES.deserializer().deserialize("t", STATES.serializer().serialize("t", state(content)));

        assertThat(read.content()).isEqualTo(content);
        assertThat(read.content().toBytes())
                .isEqualTo(Json.mapper().writeValueAsBytes(Json.inputMapper().readTree(TRICKY)));
        assertThat(read.content().toTree()).isEqualTo(Json.inputMapper().readTree(TRICKY));
    }

    @Test
    void shouldWriteTheTextIntoTheRecordAsItIs() throws Exception {
        RawJson content = RawJson.of(Json.inputMapper().readTree(TRICKY));

        String record = new String(STATES.serializer().serialize("t", state(content)), StandardCharsets.UTF_8);

        assertThat(record).contains("\"content\":" + content);
        assertThat(Json.mapper().readTree(record).get("content"))
                .isEqualTo(Json.inputMapper().readTree(TRICKY));
    }

    @Test
    void shouldSliceTheValueOutOfARecordReadBySerdeAndCopyItOtherwise() throws Exception {
        byte[] record =
                "{\"url\":\"http://h/1\",\"revision\":3,\"content\":{ \"a\" : [1, \"}\"] },\"resourceId\":\"r\"}"
                        .getBytes(StandardCharsets.UTF_8);

        assertThat(STATES.deserializer().deserialize("t", record).content()).hasToString("{ \"a\" : [1, \"}\"] }");
        assertThat(Json.mapper().readValue(record, DocumentState.class).content())
                .hasToString("{\"a\":[1,\"}\"]}");
    }

    @Test
    void shouldSliceTheValueOutOfARecordNestedInAnother() {
        byte[] record = ("{\"delivery\":{\"subscriptionId\":\"s\",\"documentUrl\":\"http://h/1\",\"action\":\"create\","
                        + "\"revision\":1,\"document\":{ \"a\" : 1 },\"attempt\":1},\"attempts\":3}")
                .getBytes(StandardCharsets.UTF_8);

        DeadLetter read = JsonSerde.of(DeadLetter.class).deserializer().deserialize("t", record);

        assertThat(read.delivery().document()).hasToString("{ \"a\" : 1 }");
    }

    @Test
    void shouldNameTheSourceOnlyForRecordsThatHoldRawJson() {
        assertThat(JsonSerde.holdsRawJson(DocumentState.class)).isTrue();
        assertThat(JsonSerde.holdsRawJson(DeadLetter.class)).isTrue();
        assertThat(JsonSerde.holdsRawJson(SubscriptionDeliveryState.class)).isFalse();
        assertThat(JsonSerde.holdsRawJson(Instant.class)).isFalse();
    }

    @Test
    void shouldReadTheValueOfADeliveryInsideAnotherRecord() throws Exception {
        ObjectNode tree = (ObjectNode) Json.inputMapper().readTree(TRICKY);
        Delivery delivery = new Delivery(
                "s",
                "r",
                "http://h/1",
                Action.CREATE,
                1,
                null,
                false,
                RawJson.of(tree),
                Instant.EPOCH,
                1,
                null,
                null,
                null);
        JsonSerde<Delivery> serde = JsonSerde.of(Delivery.class);

        Delivery read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", delivery));

        assertThat(read).isEqualTo(delivery);
    }

    @Test
    void shouldLeaveOutAMissingValueAndReadItBackAsNull() {
        byte[] record = STATES.serializer().serialize("t", state(null));

        assertThat(new String(record, StandardCharsets.UTF_8)).doesNotContain("content");
        assertThat(STATES.deserializer().deserialize("t", record).content()).isNull();
    }

    @Test
    void shouldWriteAsATreeWhereTheOutputIsNotUtf8Bytes() throws Exception {
        RawJson content = RawJson.of(Json.inputMapper().readTree(TRICKY));

        String written = Json.mapper().writeValueAsString(state(content));

        assertThat(Json.mapper().readTree(written).get("content"))
                .isEqualTo(Json.inputMapper().readTree(TRICKY));
        assertThat(Json.mapper().valueToTree(state(content)).get("content"))
                .isEqualTo(Json.inputMapper().readTree(TRICKY));
    }

    @Test
    void shouldTellJsonNullAndCopyItsBytes() throws Exception {
        JsonNode nothing = Json.mapper().readTree("null");
        RawJson raw = RawJson.of(Json.mapper().readTree("{\"a\":1}"));

        assertThat(RawJson.of(nothing).isNull()).isTrue();
        assertThat(raw.isNull()).isFalse();
        byte[] copy = raw.toBytes();
        copy[0] = 'x';
        assertThat(raw).hasToString("{\"a\":1}");
        assertThat(raw.length()).isEqualTo(7);
    }
}
