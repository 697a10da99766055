package dev.flare.launcher.roles;

import dev.flare.ingest.HostResolver;
import dev.flare.ingest.IngestConfig;
import dev.flare.ingest.IngestServer;
import dev.flare.launcher.Role;
import dev.flare.model.catalog.Catalog;
import dev.flare.model.config.FlareConfig;
import dev.flare.model.net.AddressPolicy;
import dev.flare.topology.LocalDocumentLookup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Serves the HTTP API; its writes are acknowledged by every in-sync replica before it answers. */
final class IngestRole implements Role {

    private final Producer<String, byte[]> producer;
    private final IngestServer server;
    private final Consumer<String> announce;

    IngestRole(
            FlareConfig shared,
            IngestConfig config,
            Catalog catalog,
            LocalDocumentLookup lookup,
            AddressPolicy addressPolicy,
            BooleanSupplier ready,
            PrometheusMeterRegistry registry,
            Consumer<String> announce) {
        this.producer = new KafkaProducer<>(
                producerSettings(shared, config.produceTimeout()), new StringSerializer(), new ByteArraySerializer());
        this.server = new IngestServer(
                config,
                new IngestServer.Backends(
                        shared.topics(),
                        catalog,
                        producer,
                        lookup,
                        lookup,
                        ready,
                        registry,
                        addressPolicy,
                        HostResolver.SYSTEM,
                        shared.secretBox()));
        this.announce = announce;
    }

    static Map<String, Object> producerSettings(FlareConfig shared, Duration produceTimeout) {
        Map<String, Object> settings = shared.kafkaClientSettings();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, produceTimeout.toMillis());
        settings.put(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, produceTimeout.toMillis()));
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Math.min(Integer.MAX_VALUE, produceTimeout.toMillis() + 1));
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "flare-ingest");
        return settings;
    }

    @Override
    public String name() {
        return "ingest-api";
    }

    @Override
    public void start() {
        server.start();
        announce.accept("http://" + hostForUrl() + ":" + server.port());
    }

    int port() {
        return server.port();
    }

    private String hostForUrl() {
        return "127.0.0.1";
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void close() {
        server.close();
        producer.close(Duration.ofSeconds(2));
    }
}
