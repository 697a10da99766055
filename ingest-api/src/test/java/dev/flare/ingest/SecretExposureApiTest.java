package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.model.Resource;
import dev.flare.model.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signing secrets are write-only: shown once in the create or rotate answer, nowhere else (spec §9). */
class SecretExposureApiTest {

    private final TestApi api = TestApi.start();
    private final Resource resource = api.resource("http://api.company.com/users/{id}", "version", null);
    private final String subscriptions = "/resources/" + resource.id() + "/subscriptions";

    @AfterEach
    void stop() {
        api.close();
    }

    /** Every way a clear secret could show: as given, its base64 key, URL-safe, and in hex. */
    private static List<String> spellings(String secret) {
        String key = secret.substring("whsec_".length());
        byte[] bytes = Base64.getDecoder().decode(key);
        return List.of(
                secret,
                key,
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                HexFormat.of().formatHex(bytes));
    }

    private List<String> sealed(String id) {
        return api.catalog.subscription(id).orElseThrow().secrets().stream()
                .map(SealedSecret::sealed)
                .toList();
    }

    private static void assertNoneIn(String text, List<String> spellings) {
        for (String spelling : spellings) {
            assertThat(text).doesNotContainIgnoringCase(spelling);
        }
    }

    @Test
    void shouldReturnTheSecretOnlyInTheCreateAndRotateAnswersWhenSigning() {
        TestApi.Reply created = api.post(
                subscriptions, "{\"endpoint\": {\"url\": \"http://client.example/users/{id}\"}, \"signing\": true}");
        String id = created.json().path("id").asText();
        String first = created.json().path("signingSecret").asText();
        String base = subscriptions + "/" + id;

        TestApi.Reply rotated = api.post(base + "/secret/rotate", "");
        String second = rotated.json().path("signingSecret").asText();

        assertThat(first).startsWith("whsec_");
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);
        List<String> clear = new ArrayList<>(spellings(first));
        clear.addAll(spellings(second));
        List<String> secrets = new ArrayList<>(clear);
        secrets.addAll(sealed(id));
        assertNoneIn(created.body().replace(first, ""), secrets);
        assertNoneIn(rotated.body().replace(second, ""), secrets);
        List<TestApi.Reply> reads = List.of(
                api.get(base),
                api.get(subscriptions),
                api.get(subscriptions + "?limit=1&offset=0"),
                api.post(base + "/resume", ""),
                api.get(base + "/status"),
                api.get(base + "/dead-letters"),
                api.get(base + "/documents/http://api.company.com/users/1"),
                api.get(base + "/replay"),
                api.post(
                        subscriptions,
                        "{\"endpoint\": {\"url\": \"http://client.example/users/{id}\"}, \"signing\": {\"secret\": \""
                                + first + "\"}}"));
        for (TestApi.Reply read : reads) {
            assertThat(read.status()).isLessThan(500);
            assertNoneIn(read.body(), secrets);
        }
        for (ProducerRecord<String, byte[]> written : api.producer.history()) {
            assertNoneIn(new String(written.value(), StandardCharsets.UTF_8), clear);
        }
    }
}
