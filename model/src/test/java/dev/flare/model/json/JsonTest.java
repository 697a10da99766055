package dev.flare.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.flare.model.Action;
import dev.flare.model.DeadLetter;
import dev.flare.model.Delivery;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        RawJson document = RawJson.of(Json.inputMapper().readTree(nested(Json.MAX_NESTING_DEPTH)));
        Delivery delivery = new Delivery(
                "s", "r", "http://h/1", Action.CREATE, 1, null, false, document, Instant.EPOCH, 1, null, null, null);
        JsonSerde<DeadLetter> serde = JsonSerde.of(DeadLetter.class);
        byte[] record = serde.serializer().serialize("t", new DeadLetter(delivery, 3, 500, "boom", Instant.EPOCH));

        assertThat(serde.deserializer().deserialize("t", record).delivery().document())
                .isEqualTo(document);
    }

    @Test
    void shouldReuseWriteBuffersAcrossShortLivedVirtualThreads() throws Exception {
        RawJson document =
                RawJson.of(Json.inputMapper().readTree("{\"version\":1,\"name\":\"" + "x".repeat(1000) + "\"}"));
        Delivery delivery = new Delivery(
                "s", "r", "http://h/1", Action.CREATE, 1, null, false, document, Instant.EPOCH, 1, null, null, null);
        JsonSerde<Delivery> serde = JsonSerde.of(Delivery.class);
        int writes = 2_000;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        writeOnePerVirtualThread(serde, delivery, writes);

        long before = threads.getTotalThreadAllocatedBytes();
        writeOnePerVirtualThread(serde, delivery, writes);
        long perWrite = (threads.getTotalThreadAllocatedBytes() - before) / writes;

        assertThat(perWrite)
                .as("bytes allocated per record written, each on a new virtual thread (fresh buffers cost ~20 KB)")
                .isLessThan(8_000);
    }

    private static void writeOnePerVirtualThread(JsonSerde<Delivery> serde, Delivery delivery, int writes)
            throws InterruptedException {
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            started.add(Thread.ofVirtual().start(() -> serde.serializer().serialize("t", delivery)));
        }
        for (Thread thread : started) {
            thread.join();
        }
    }
}
