package dev.flare.model.catalog;

import dev.flare.model.Resource;
import dev.flare.model.Subscription;
import dev.flare.model.Topics;
import dev.flare.model.json.JsonSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Catalog} in step with the resources and subscriptions topics: reads both from the beginning on
 * start, then follows them. No consumer group: every instance reads everything.
 */
public final class CatalogFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogFollower.class);

    private final Catalog catalog;
    private final Topics topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<Resource> resources =
            JsonSerde.of(Resource.class).deserializer();
    private final Deserializer<Subscription> subscriptions =
            JsonSerde.of(Subscription.class).deserializer();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param kafka client settings (at least {@code bootstrap.servers}); deserializers and group are set here
     */
    public CatalogFollower(Map<String, Object> kafka, Topics topics, Catalog catalog) {
        this.catalog = catalog;
        this.topics = topics;
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name("flare-catalog").daemon().unstarted(this::run);
    }

    public CatalogFollower start() {
        thread.start();
        return this;
    }

    /** Waits until everything on the topics at start-up has been read; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.resources(), topics.subscriptions())) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofMinutes(1))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (!isCaughtUp()
                        && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    catalog.markLoaded();
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Catalog follower woken up to stop");
        } catch (RuntimeException e) {
            LOG.error("Catalog follower stopped: {}", e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.resources())) {
                Resource resource = resources.deserialize(record.topic(), record.value());
                if (resource == null) {
                    catalog.removeResource(record.key());
                } else {
                    catalog.putResource(resource);
                }
            } else {
                Subscription subscription = subscriptions.deserialize(record.topic(), record.value());
                if (subscription == null) {
                    catalog.removeSubscription(
                            record.key().substring(record.key().indexOf('/') + 1));
                } else {
                    catalog.putSubscription(subscription);
                }
            }
        } catch (SerializationException | IllegalArgumentException e) {
            LOG.warn(
                    "Skipping unreadable catalog record {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
