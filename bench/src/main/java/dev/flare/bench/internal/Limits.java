package dev.flare.bench.internal;

import com.sun.net.httpserver.HttpServer;
import dev.flare.bench.internal.Documents.Change;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each stage of the pipeline measured alone, on the same machine and broker as Flare: HTTP into a trivial JDK
 * endpoint, a Kafka producer at the same record size with {@code acks=all}, a minimal Kafka Streams guard at either
 * processing guarantee, and OkHttp POSTs into the bench receiver. Every method returns operations per second.
 */
public final class Limits {

    private static final Logger LOG = LoggerFactory.getLogger(Limits.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String WARM_UP_KEY = "bench-warm-up";

    private Limits() {}

    /**
     * What the raw HTTP limit measured: PUTs per second and its warm-up.
     *
     * @param perSecond PUTs answered per second over the measured time
     * @param failed requests of the warm-up and the measured time that did not get a 202 (at most one in 10,000,
     *     else the stage fails: a request sent on a reused connection that the server has just closed is lost)
     */
    record HttpInResult(double perSecond, long failed, WarmUp.Result warmUp) {}

    /**
     * PUTs of 1 KiB per second into a JDK HttpServer (virtual threads) that reads the body and answers 202, measured
     * like the dedupe scenario it is compared with: {@code concurrency} in flight, a warm-up until the JIT has
     * settled, then the scale's measured time.
     */
    static HttpInResult rawHttpIn(Scale scale, int concurrency) throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange;
                    InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
                exchange.sendResponseHeaders(202, -1);
            }
        });
        server.start();
        try (LoadGenerator load =
                new LoadGenerator("http://127.0.0.1:" + server.getAddress().getPort())) {
            Tracker tracker = new Tracker();
            Iterator<Change> changes = changes("raw", Long.MAX_VALUE);
            WarmUp.Result warmUp =
                    WarmUp.runStage(changes, d -> load.closedLoop(changes, concurrency, d, tracker, false), scale);
            long start = System.nanoTime();
            long sent =
                    load.closedLoop(changes, concurrency, Duration.ofSeconds(scale.measureSeconds()), tracker, false);
            double rate = sent * 1e9 / (System.nanoTime() - start);
            long failed = warmUp.sent() + sent - tracker.accepted();
            if (failed > (warmUp.sent() + sent) / 10_000) {
                throw new IllegalStateException(
                        "raw HTTP: only " + tracker.accepted() + " of " + (warmUp.sent() + sent) + " 202s");
            }
            if (failed > 0) {
                LOG.warn("raw HTTP: {} of {} requests failed", failed, warmUp.sent() + sent);
            }
            return new HttpInResult(rate, failed, warmUp);
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** 1 KiB records per second from one producer with {@code acks=all} and Flare's ingest linger (1 ms). */
    public static double rawProducer(String bootstrap, int partitions, long records) throws Exception {
        String topic = "bench-raw-producer-" + UUID.randomUUID();
        createTopic(bootstrap, topic, partitions);
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        byte[] value = Documents.body(0, 1);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic);
            AtomicLong failed = new AtomicLong();
            long start = System.nanoTime();
            for (long i = 0; i < records; i++) {
                Future<RecordMetadata> unused = producer.send(
                        new ProducerRecord<>(topic, Documents.url("raw", i % 10_000), value), (meta, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            double rate = records * 1e9 / (System.nanoTime() - start);
            if (failed.get() > 0) {
                throw new IllegalStateException("raw producer: " + failed.get() + " sends failed");
            }
            return rate;
        }
    }

    /**
     * Records per second through {@link StreamsGuard} at {@code guarantee}: the input topic is filled first, then the
     * guard runs until it has processed all of it; the rate is taken between the first and last record processed.
     */
    public static double streamsGuard(String bootstrap, int partitions, long records, String guarantee)
            throws Exception {
        String id = "bench-guard-" + guarantee.replace('_', '-') + "-" + UUID.randomUUID();
        String input = id + "-in";
        String output = id + "-out";
        createTopic(bootstrap, input, partitions);
        createTopic(bootstrap, output, partitions);
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long documents = Math.max(1, records / 10);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            byte[] body = Documents.body(0, 1);
            for (long i = 0; i < records; i++) {
                byte[] value = body.clone();
                ByteBuffer.wrap(value).putLong(i / documents + 1);
                Future<RecordMetadata> unused =
                        producer.send(new ProducerRecord<>(input, Documents.url("guard", i % documents), value));
            }
            producer.flush();
        }
        Path stateDir = Files.createTempDirectory("flare-bench-guard");
        StreamsGuard.Progress progress = new StreamsGuard.Progress();
        KafkaStreams streams =
                StreamsGuard.start(bootstrap, id, guarantee, stateDir, StreamsGuard.topology(input, output, progress));
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (progress.count() < records + partitions) {
                if (System.nanoTime() - deadline > 0 || streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("streams guard (" + guarantee + ") processed only "
                            + progress.count() + " of " + records + " (" + streams.state() + ")");
                }
                Thread.sleep(20);
            }
            return progress.perSecond();
        } finally {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            FlareInstance.delete(stateDir);
        }
    }

    /** POSTs per second of an envelope-sized body from one OkHttp client (64 per host, like the connector). */
    public static double rawHttpOut(Receiver receiver, long requests, int concurrency) throws InterruptedException {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(concurrency);
        dispatcher.setMaxRequestsPerHost(concurrency);
        OkHttpClient client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
                .callTimeout(Duration.ofSeconds(30))
                .build();
        byte[] body = Documents.body(0, 1);
        byte[] envelope = new byte[body.length + 300];
        System.arraycopy(body, 0, envelope, 0, body.length);
        Arrays.fill(envelope, body.length, envelope.length, (byte) ' ');
        String url = receiver.baseUrl(1) + "/raw/doc";
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch((int) requests);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try {
            for (long i = 0; i < requests; i++) {
                permits.acquire();
                Request request = new Request.Builder()
                        .url(url)
                        .post(RequestBody.create(envelope, JSON))
                        .build();
                client.newCall(request).enqueue(new Callback() {
                    @Override
                    public void onFailure(Call call, IOException e) {
                        failed.incrementAndGet();
                        permits.release();
                        done.countDown();
                    }

                    @Override
                    public void onResponse(Call call, Response response) {
                        try (response) {
                            if (!response.isSuccessful()) {
                                failed.incrementAndGet();
                            }
                        } finally {
                            permits.release();
                            done.countDown();
                        }
                    }
                });
            }
            if (!done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw OkHttp: not every request finished");
            }
            double rate = requests * 1e9 / (System.nanoTime() - start);
            if (failed.get() > 0) {
                LOG.warn("raw OkHttp: {} of {} requests failed", failed.get(), requests);
            }
            return rate;
        } finally {
            dispatcher.executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    static Iterator<Change> changes(String ns, long count) {
        return LongStream.range(0, count)
                .mapToObj(i -> new Change(ns, i % 10_000, i / 10_000 + 1))
                .iterator();
    }

    /**
     * Creates {@code topic} and writes one record to each partition, waiting for each, so the measured sends do not
     * meet a partition whose leader is not elected yet.
     */
    private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < partitions; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, WARM_UP_KEY, new byte[0]))
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }
}
