package dev.flare.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.Action;
import dev.flare.model.DeadLetter;
import dev.flare.model.Delivery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{\"version\":1}" + "}".repeat(depth - 1);
    }

    @Test
    void shouldRejectInputNestedDeeperThanTheLimit() {
        assertThatThrownBy(() -> Json.inputMapper().readTree(nested(Json.MAX_NESTING_DEPTH + 1)))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void shouldReadBackADeadLetterWhenItsDocumentIsNestedToTheLimit() throws Exception {
        JsonNode document = Json.inputMapper().readTree(nested(Json.MAX_NESTING_DEPTH));
        Delivery delivery = new Delivery(
                "s", "r", "http://h/1", Action.CREATE, 1, null, false, document, Instant.EPOCH, 1, null, null, null);
        JsonSerde<DeadLetter> serde = JsonSerde.of(DeadLetter.class);
        byte[] record = serde.serializer().serialize("t", new DeadLetter(delivery, 3, 500, "boom", Instant.EPOCH));

        assertThat(serde.deserializer().deserialize("t", record).delivery().document())
                .isEqualTo(document);
    }
}
