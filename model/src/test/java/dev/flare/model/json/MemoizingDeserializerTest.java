package dev.flare.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class MemoizingDeserializerTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final Deserializer<String> counting = (topic, data) -> {
        reads.incrementAndGet();
        return new String(data, StandardCharsets.UTF_8);
    };

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadEqualBytesOnceAndHandOutTheSameValue() {
        MemoizingDeserializer<String> memoizing = new MemoizingDeserializer<>(counting, 10);

        String first = memoizing.deserialize("t", bytes("a"));
        String again = memoizing.deserialize("t", bytes("a"));
        String other = memoizing.deserialize("t", bytes("b"));

        assertThat(again).isSameAs(first);
        assertThat(other).isEqualTo("b");
        assertThat(reads).hasValue(2);
    }

    @Test
    void shouldNotBeFooledWhenTheCallerReusesItsArray() {
        MemoizingDeserializer<String> memoizing = new MemoizingDeserializer<>(counting, 10);
        byte[] buffer = bytes("a");
        memoizing.deserialize("t", buffer);

        buffer[0] = 'b';

        assertThat(memoizing.deserialize("t", buffer)).isEqualTo("b");
        assertThat(memoizing.deserialize("t", bytes("a"))).isEqualTo("a");
    }

    @Test
    void shouldHoldAtMostItsCapacity() {
        MemoizingDeserializer<String> memoizing = new MemoizingDeserializer<>(counting, 3);

        for (int i = 0; i < 100; i++) {
            assertThat(memoizing.deserialize("t", bytes("v" + i))).isEqualTo("v" + i);
            assertThat(memoizing.size()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void shouldPassNullThrough() {
        MemoizingDeserializer<String> memoizing = new MemoizingDeserializer<>(counting, 3);

        assertThat(memoizing.deserialize("t", null)).isNull();
        assertThat(reads).hasValue(0);
    }
}
