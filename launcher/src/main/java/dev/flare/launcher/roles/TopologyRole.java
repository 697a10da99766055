package dev.flare.launcher.roles;

import dev.flare.launcher.Role;
import dev.flare.model.config.FlareConfig;
import dev.flare.topology.FlareTopology;
import dev.flare.topology.LocalDocumentLookup;
import dev.flare.topology.StreamsSettings;
import dev.flare.topology.TopologyConfig;
import dev.flare.topology.TopologyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the change-detection topology in this process. */
final class TopologyRole implements Role {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyRole.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;

    TopologyRole(FlareConfig shared, TopologyConfig config, MeterRegistry registry) {
        this.streams = new KafkaStreams(
                FlareTopology.build(shared.topics(), new TopologyMetrics(registry)),
                StreamsSettings.of(shared, config));
        this.streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Topology stream thread failed; replacing it: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        this.metrics = new KafkaStreamsMetrics(streams);
        this.metrics.bindTo(registry);
    }

    @Override
    public String name() {
        return "topology";
    }

    @Override
    public void start() {
        streams.start();
    }

    @Override
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    LocalDocumentLookup documents() {
        return new LocalDocumentLookup(streams);
    }

    @Override
    public void close() {
        metrics.close();
        streams.close(Duration.ofSeconds(5));
    }
}
