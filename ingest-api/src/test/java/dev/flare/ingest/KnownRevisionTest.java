package dev.flare.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.model.Resource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PUTs of a version this instance already wrote change nothing (spec I1) and are answered without a Kafka write. */
class KnownRevisionTest {

    private static final String TEMPLATE = "http://api.company.com/users/{id}";
    private static final String DOCUMENT = "/documents/http://api.company.com/users/";

    private TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    private static String version(int version) {
        return "{\"version\": " + version + "}";
    }

    @Test
    void shouldAnswer202WithoutWritingWhenTheSameOrAnOlderVersionWasAlreadyWritten() {
        api.resource(TEMPLATE, "version", null);

        TestApi.Reply first = api.put(DOCUMENT + "1", version(2));
        TestApi.Reply repeat = api.put(DOCUMENT + "1", version(2));
        TestApi.Reply older = api.put(DOCUMENT + "1", version(1));

        assertThat(first.status()).isEqualTo(202);
        assertThat(repeat.status()).isEqualTo(202);
        assertThat(repeat.json()).isEqualTo(first.json());
        assertThat(older.status()).isEqualTo(202);
        assertThat(older.json().path("revision").asLong()).isEqualTo(1);
        assertThat(api.producer.history()).hasSize(1);
        assertThat(api.get("/metrics").body())
                .contains("flare_ingest_documents_accepted_total{operation=\"put-known\"} 2.0")
                .contains("flare_ingest_documents_accepted_total{operation=\"put\"} 1.0");
    }

    @Test
    void shouldWriteWhenTheVersionIsNewerOrTheDocumentAnother() {
        api.resource(TEMPLATE, "version", null);

        api.put(DOCUMENT + "1", version(2));
        api.put(DOCUMENT + "1", version(3));
        api.put(DOCUMENT + "2", version(3));

        assertThat(api.producer.history())
                .extracting(record -> record.key())
                .containsExactly(
                        "http://api.company.com/users/1",
                        "http://api.company.com/users/1",
                        "http://api.company.com/users/2");
    }

    @Test
    void shouldWriteAgainWhenTheResourceWasReplaced() {
        Resource first = api.resource(TEMPLATE, "version", null);
        api.put(DOCUMENT + "1", version(2));
        api.catalog.removeResource(first.id());
        api.resource(TEMPLATE, "version", null);

        api.put(DOCUMENT + "1", version(2));

        assertThat(api.producer.history()).hasSize(2);
    }

    @Test
    void shouldWriteAgainWhenTheEarlierWriteWasNotAcknowledged() {
        api.close();
        api = TestApi.start(false, Map.of(IngestConfig.PRODUCE_TIMEOUT_MS, "100"));
        api.resource(TEMPLATE, "version", null);

        TestApi.Reply unacknowledged = api.put(DOCUMENT + "1", version(2));
        TestApi.Reply retry = api.put(DOCUMENT + "1", version(2));

        assertThat(unacknowledged.status()).isEqualTo(503);
        assertThat(retry.status()).isEqualTo(503);
        assertThat(api.producer.history()).hasSize(2);
    }

    @Test
    void shouldWriteEveryPutWhenRememberingIsTurnedOff() {
        api.close();
        api = TestApi.start(true, Map.of(IngestConfig.REMEMBERED_DOCUMENTS, "0"));
        api.resource(TEMPLATE, "version", null);

        api.put(DOCUMENT + "1", version(2));
        api.put(DOCUMENT + "1", version(2));

        assertThat(api.producer.history()).hasSize(2);
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedDocumentWhenFull() {
        api.close();
        api = TestApi.start(true, Map.of(IngestConfig.REMEMBERED_DOCUMENTS, "2"));
        api.resource(TEMPLATE, "version", null);

        api.put(DOCUMENT + "1", version(1));
        api.put(DOCUMENT + "2", version(1));
        api.put(DOCUMENT + "1", version(1));
        api.put(DOCUMENT + "3", version(1));
        api.put(DOCUMENT + "1", version(1));
        api.put(DOCUMENT + "2", version(1));

        assertThat(api.producer.history())
                .extracting(record -> record.key())
                .containsExactly(
                        "http://api.company.com/users/1",
                        "http://api.company.com/users/2",
                        "http://api.company.com/users/3",
                        "http://api.company.com/users/2");
    }
}
