package dev.flare.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.model.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {

    private final JsonSerde<Endpoint> serde = JsonSerde.of(Endpoint.class);

    @Test
    void shouldReadAnEndpointWithoutSecretHeadersWhenItWasWrittenBeforeTheyExisted() {
        byte[] old = "{\"url\":\"http://client.example/hook\",\"method\":\"post\",\"headers\":{\"X-A\":[\"a\"]}}"
                .getBytes(StandardCharsets.UTF_8);

        Endpoint endpoint = serde.deserializer().deserialize("t", old);

        assertThat(endpoint.sealedHeaders()).isEmpty();
        assertThat(endpoint.headers()).isEqualTo(Map.of("X-A", List.of("a")));
    }

    @Test
    void shouldKeepSealedHeadersWhenWrittenAndReadBack() {
        Endpoint endpoint = new Endpoint("http://client.example/hook", "post", null, null)
                .withSealedHeaders(Map.of("Authorization", "v1:c2VhbGVk"));

        byte[] written = serde.serializer().serialize("t", endpoint);

        assertThat(serde.deserializer().deserialize("t", written)).isEqualTo(endpoint);
        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"sealedHeaders\":{\"Authorization\":");
    }

    @Test
    void shouldWriteNoSealedHeadersFieldWhenThereAreNone() {
        byte[] written =
                serde.serializer().serialize("t", new Endpoint("http://client.example/hook", "post", null, null));

        assertThat(new String(written, StandardCharsets.UTF_8)).doesNotContain("sealedHeaders");
    }
}
