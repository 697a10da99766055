package dev.flare.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The child JVM of {@link EmbeddedKafkaCrashIT}: {@code <dataDir> transact|idle}. Starts the embedded broker, prints
 * {@code ready <bootstrap servers>}, then either commits transactions that span every partition of
 * {@value #TOPIC} until it is killed, or only keeps the broker up.
 */
public final class TransactionsUntilKilled {

    static final String TOPIC = "transactions";
    static final int PARTITIONS = 12;
    // Note: the broker aborts the transaction a killed run left open once this has passed.
    private static final int TRANSACTION_TIMEOUT_MS = 2_000;

    private TransactionsUntilKilled() {}

    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(Path.of(args[0]), 0, 0);
        kafka.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
        System.out.println("ready " + kafka.bootstrapServers());
        if (args[1].equals("transact")) {
            transactUntilKilled(kafka.bootstrapServers());
        }
        Thread.currentThread().join();
    }

    private static void transactUntilKilled(String bootstrapServers) {
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "until-killed",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                TRANSACTION_TIMEOUT_MS,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings)) {
            producer.initTransactions();
            while (true) {
                producer.beginTransaction();
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    var unused = producer.send(new ProducerRecord<>(TOPIC, partition, null, new byte[100]));
                }
                producer.commitTransaction();
            }
        }
    }
}
