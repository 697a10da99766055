package dev.flare.launcher.roles;

import dev.flare.launcher.Role;
import dev.flare.launcher.query.TopologyQueryServer;
import dev.flare.model.config.FlareConfig;
import dev.flare.topology.FlareTopology;
import dev.flare.topology.LocalDocumentLookup;
import dev.flare.topology.RestoreProgress;
import dev.flare.topology.StreamsSettings;
import dev.flare.topology.TopologyConfig;
import dev.flare.topology.TopologyHosts;
import dev.flare.topology.TopologyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the change-detection topology in this process. */
final class TopologyRole implements Role {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyRole.class);

    private final KafkaStreams streams;
    private final RestoreProgress restoreProgress = new RestoreProgress();
    private final KafkaStreamsMetrics metrics;
    private final TopologyQueryServer queries;
    private final Consumer<String> announce;

    /** A topology for standalone mode: the ingest API in the same process reads its stores directly. */
    TopologyRole(FlareConfig shared, TopologyConfig config, MeterRegistry registry) {
        this(shared, config, registry, null, url -> {});
    }

    /**
     * @param queries when not null, bound already: its address is advertised to the other instances and it serves
     *     the ingest API's queries once started
     */
    TopologyRole(
            FlareConfig shared,
            TopologyConfig config,
            MeterRegistry registry,
            TopologyQueryServer queries,
            Consumer<String> announce) {
        this.queries = queries;
        this.announce = announce;
        Properties properties = StreamsSettings.of(shared, config);
        if (queries != null) {
            HostInfo advertised = queries.advertised();
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
        }
        this.streams =
                new KafkaStreams(FlareTopology.build(shared.topics(), new TopologyMetrics(registry)), properties);
        this.streams.setGlobalStateRestoreListener(restoreProgress);
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
        if (queries != null) {
            HostInfo advertised = queries.advertised();
            queries.start(documents(), new TopologyHosts(streams, advertised), this::isReady);
            announce.accept("http://" + advertised.host() + ":" + advertised.port());
        }
    }

    @Override
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public String progress() {
        String threads = streams.metadataForLocalThreads().stream()
                .map(thread -> thread.threadName().replaceFirst(".*-(?=StreamThread-)", "") + " " + thread.threadState()
                        + " with " + thread.activeTasks().size() + " active tasks")
                .collect(Collectors.joining(", "));
        return "Kafka Streams " + streams.state() + (threads.isEmpty() ? "" : " (" + threads + ")") + ", "
                + restoreProgress.describe();
    }

    @Override
    public Optional<String> failure() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                ? Optional.of("Kafka Streams stopped with an error (see the log above)")
                : Optional.empty();
    }

    LocalDocumentLookup documents() {
        return new LocalDocumentLookup(streams);
    }

    @Override
    public void close() {
        if (queries != null) {
            queries.close();
        }
        metrics.close();
        streams.close(Duration.ofSeconds(5));
    }
}
