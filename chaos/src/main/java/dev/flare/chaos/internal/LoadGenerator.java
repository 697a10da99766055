package dev.flare.chaos.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady load at a target rate, open loop per worker: new versions, repeats, older versions and deletes of a fixed
 * set of documents. Each document belongs to one worker, so its writes are sequential and the ledger knows the
 * order Flare saw them in.
 */
public final class LoadGenerator {

    private static final int WORKERS = 8;

    private final FlareApi api;
    private final int documents;
    private final int opsPerSecond;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger probes = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    public LoadGenerator(FlareApi api, int documents, int opsPerSecond) {
        this.api = api;
        this.documents = documents;
        this.opsPerSecond = opsPerSecond;
    }

    /** Starts the workers; they run until {@link #stop()}. */
    public void start(long seed) {
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            workers.add(
                    Thread.ofPlatform().name("chaos-load-" + w).start(() -> work(worker, new Random(seed + worker))));
        }
    }

    /** Stops the workers after their current write and waits for them; fails if a worker failed. */
    public void stop() throws InterruptedException {
        stopping.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("the load generator failed", failures.getFirst());
            }
        }
    }

    /** Writes a new document (version 1) and returns its URL: what a recovery probe waits to see delivered. */
    public String probe() throws InterruptedException {
        String document = Documents.probe(probes.incrementAndGet());
        api.put(document, 1);
        return document;
    }

    private void work(int worker, Random random) {
        Map<Integer, Long> newest = new HashMap<>();
        long interval = Duration.ofSeconds(WORKERS).toNanos() / opsPerSecond;
        long next = System.nanoTime();
        try {
            while (!stopping.get()) {
                int item = worker + WORKERS * random.nextInt((documents + WORKERS - 1 - worker) / WORKERS);
                write(item, newest, random);
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            synchronized (failures) {
                failures.add(e);
            }
        }
    }

    /** 70 % a new version, 10 % the newest again, 10 % an older one, 10 % a delete. */
    private void write(int item, Map<Integer, Long> newest, Random random) throws InterruptedException {
        String document = Documents.url(item);
        long sent = newest.getOrDefault(item, 0L);
        int dice = random.nextInt(10);
        if (sent == 0 || dice < 7) {
            newest.put(item, sent + 1 + random.nextInt(3));
            api.put(document, newest.get(item));
        } else if (dice == 7) {
            api.put(document, sent);
        } else if (dice == 8) {
            api.put(document, 1 + random.nextLong(sent));
        } else {
            api.delete(document);
        }
    }
}
