package dev.flare.bench.internal;

import dev.flare.bench.internal.Documents.Change;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends document PUTs to an ingest endpoint with the JDK {@code HttpClient} (HTTP/1.1, keep-alive). Closed loop keeps
 * a fixed number of requests in flight; open loop sends at a fixed rate and measures every latency from the
 * request's intended send time, so a stall is charged to every request it delayed (no coordinated omission).
 */
public final class LoadGenerator implements AutoCloseable {

    /** Most requests open-loop load keeps outstanding before it waits (their latency still counts from schedule). */
    static final int OPEN_LOOP_MAX_OUTSTANDING = 4096;

    /**
     * How long the client keeps an idle connection (the JDK's {@code jdk.httpclient.keepalive.timeout}, set for
     * forked runs): below the JDK server's 30 s idle close, so the client does not reuse a connection the server
     * closes as idle and lose the PUT ("header parser received no bytes"). The JDK server also closed every idle
     * connection beyond 200 that way, until {@code IngestServer.MAX_IDLE_CONNECTIONS}.
     */
    static final int KEEP_ALIVE_SECONDS = 20;

    /**
     * Most idle connections the client keeps (the JDK's {@code jdk.httpclient.connectionPoolSize}, set for forked
     * runs; it closes the oldest beyond that itself). Unbounded, every connection an open loop's start burst opens
     * stays in use: the client hands out its idle connections oldest first.
     */
    static final int MAX_IDLE_CONNECTIONS = 128;

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final int MAX_FAILURES_LOGGED = 10;

    private final AtomicInteger failuresLogged = new AtomicInteger();
    private final HttpClient client;
    private final String baseUrl;

    /** @param baseUrl for example {@code http://127.0.0.1:8080}; changes go to {@code baseUrl/documents/<url>} */
    public LoadGenerator(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Sends every change with {@code concurrency} requests in flight; returns once all are answered. */
    public void closedLoop(Iterator<Change> changes, int concurrency, Tracker tracker, boolean measured)
            throws InterruptedException {
        closedLoop(changes, concurrency, null, tracker, measured);
    }

    /**
     * Sends changes with {@code concurrency} requests in flight for {@code duration} (or until {@code changes} runs
     * out; a null duration sends them all); returns once all are answered.
     *
     * @return how many were sent
     */
    public long closedLoop(
            Iterator<Change> changes, int concurrency, Duration duration, Tracker tracker, boolean measured)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        long end = duration == null ? 0 : System.nanoTime() + duration.toNanos();
        long sent = 0;
        while (changes.hasNext() && (duration == null || System.nanoTime() - end < 0)) {
            Change change = changes.next();
            permits.acquire();
            send(change, System.nanoTime(), tracker, measured, permits);
            sent++;
        }
        permits.acquire(concurrency);
        return sent;
    }

    /**
     * Sends changes at {@code perSecond} for {@code duration} (or until {@code changes} runs out); returns once all
     * are answered.
     *
     * @return how many were sent
     */
    public long openLoop(
            Iterator<Change> changes, double perSecond, Duration duration, Tracker tracker, boolean measured)
            throws InterruptedException {
        Semaphore outstanding = new Semaphore(OPEN_LOOP_MAX_OUTSTANDING);
        double intervalNanos = 1e9 / perSecond;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long i = 0;
        while (changes.hasNext()) {
            long intended = start + (long) (i * intervalNanos);
            if (intended - end >= 0) {
                break;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Change change = changes.next();
            outstanding.acquire();
            send(change, intended, tracker, measured, outstanding);
            i++;
        }
        outstanding.acquire(OPEN_LOOP_MAX_OUTSTANDING);
        return i;
    }

    private void send(Change change, long sentNanos, Tracker tracker, boolean measured, Semaphore done) {
        tracker.sending(change.url(), change.version(), sentNanos, measured);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/documents/" + change.url()))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(change.body()))
                .build();
        CompletableFuture<HttpResponse<Void>> unused = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error != null && failuresLogged.getAndIncrement() < MAX_FAILURES_LOGGED) {
                        LOG.warn("PUT {} failed: {}", change.url(), error.toString());
                    }
                    try {
                        tracker.answered(
                                error == null ? response.statusCode() : -1, sentNanos, System.nanoTime(), measured);
                    } finally {
                        done.release();
                    }
                });
    }

    @Override
    public void close() {
        client.close();
    }
}
