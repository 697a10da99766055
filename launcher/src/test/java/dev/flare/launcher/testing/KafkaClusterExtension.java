package dev.flare.launcher.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A single-node KRaft Kafka (combined broker and controller) in the test JVM, from Kafka's own
 * {@code KafkaClusterTestKit}, started once per test class. Register it with
 * {@code @RegisterExtension static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();}. Kafka's test
 * kit is internal to Kafka and moves between releases: this class is the only place that uses it.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaClusterTestKit cluster;
    private Admin admin;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("group.consumer.min.session.timeout.ms", "6000")
                .setConfigProp("group.consumer.session.timeout.ms", "10000")
                .setConfigProp("group.consumer.min.heartbeat.interval.ms", "1000")
                .setConfigProp("group.consumer.heartbeat.interval.ms", "2000")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** An admin client on this cluster, shared by the test class; do not close it. */
    public Admin admin() {
        return admin;
    }

    /** A name no other test uses, for topics, prefixes and group ids. */
    public static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates the topics and returns once the broker serves them. */
    public void createTopics(NewTopic... topics) throws InterruptedException {
        await(admin.createTopics(Arrays.asList(topics)).all());
        List<String> names = Arrays.stream(topics).map(NewTopic::name).toList();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!visible(names)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Topics " + names + " not visible within " + TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    private boolean visible(List<String> names) throws InterruptedException {
        try {
            admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new AssertionError("Kafka request failed", e);
        } catch (TimeoutException e) {
            return false;
        }
    }

    public void createTopic(String name, int partitions) throws InterruptedException {
        createTopics(new NewTopic(name, partitions, (short) 1));
    }

    public void produce(String topic, String key, String value) throws InterruptedException {
        produce(bootstrapServers(), topic, key, value);
    }

    /** Every record of {@code topic} read from the beginning, once {@code done} holds for them. */
    public List<ConsumerRecord<String, String>> consumeUntil(
            String topic, Predicate<List<ConsumerRecord<String, String>>> done) {
        return consumeUntil(bootstrapServers(), topic, done, TIMEOUT);
    }

    /** Writes one record with {@code acks=all} and waits for the acknowledgement. */
    public static void produce(String bootstrapServers, String topic, String key, String value)
            throws InterruptedException {
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("Could not write to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning (all partitions, no consumer group) until {@code done} holds for the
     * records read so far.
     *
     * @throws AssertionError when it does not hold within {@code timeout}, listing what was read
     */
    public static List<ConsumerRecord<String, String>> consumeUntil(
            String bootstrapServers,
            String topic,
            Predicate<List<ConsumerRecord<String, String>>> done,
            Duration timeout) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(records)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(
                            "Condition not met on " + topic + " within " + timeout + "; read " + records);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("Kafka request failed", e);
        }
    }
}
