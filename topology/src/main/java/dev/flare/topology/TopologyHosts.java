package dev.flare.topology;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which topology instance holds what, from Kafka Streams' metadata: every instance advertises its query address
 * ({@code application.server}); the documents and subscription-delivery stores are partitioned by document URL.
 */
public final class TopologyHosts {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public TopologyHosts(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    /** The instance whose active task holds {@code documentUrl}, empty while partitions are being assigned. */
    public Optional<HostInfo> ownerOf(String documentUrl) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(TopologyNames.DOCUMENT_STORE, documentUrl, KEYS);
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Optional.empty();
        }
        HostInfo active = metadata.activeHost();
        return active == null || active.port() < 0 ? Optional.empty() : Optional.of(active);
    }

    /** Every instance that holds a part of the stores (this one included when it does). */
    public List<HostInfo> all() {
        return streams.streamsMetadataForStore(TopologyNames.SUBSCRIPTION_DELIVERY_STORE).stream()
                .map(StreamsMetadata::hostInfo)
                .distinct()
                .toList();
    }
}
