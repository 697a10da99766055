package dev.flare.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples a tracker's counters, this process's memory and CPU, and how far each consumer group is behind: when it
 * starts, then at a fixed interval on its own thread, and once more when the samples are read.
 */
public final class Sampler implements AutoCloseable {

    /**
     * One sample: seconds since start, cumulative counters, memory, CPU cores used since the last sample (0 in the first), and records
     * behind per consumer group (empty when the broker did not answer in time).
     */
    public record Point(
            double seconds,
            long accepted,
            long callbacks,
            long heapUsedBytes,
            long rssBytes,
            double cores,
            Map<String, Long> backlog) {}

    private static final long FIRST_SAMPLE_TIMEOUT_SECONDS = 60;

    private final List<Point> points = new ArrayList<>();
    private final Tracker tracker;
    private final Supplier<Map<String, Long>> backlog;
    private final long start = System.nanoTime();
    private final Thread thread;
    private final CountDownLatch firstSampled = new CountDownLatch(1);
    private volatile boolean running = true;
    private long lastCpu = ProcessStats.processCpuNanos();
    private long lastAt = start;

    public Sampler(Tracker tracker, long intervalMillis, Supplier<Map<String, Long>> backlog) {
        this.tracker = tracker;
        this.backlog = backlog;
        this.thread = Thread.ofPlatform().daemon().name("bench-sampler").start(() -> {
            sample();
            firstSampled.countDown();
            while (running) {
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        });
    }

    /**
     * The samples so far and one taken now, so that even a run shorter than the interval has its start and its end.
     */
    public List<Point> points() {
        try {
            if (!firstSampled.await(FIRST_SAMPLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the sampler took no first sample");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        synchronized (points) {
            return List.copyOf(points);
        }
    }

    private void sample() {
        synchronized (points) {
            long now = System.nanoTime();
            long cpu = ProcessStats.processCpuNanos();
            ProcessStats.Memory memory = ProcessStats.memory();
            double cores = points.isEmpty() ? 0 : (cpu - lastCpu) / (double) (now - lastAt);
            points.add(new Point(
                    (now - start) / 1e9,
                    tracker.accepted(),
                    tracker.callbacks(),
                    memory.heapUsedBytes(),
                    memory.rssBytes(),
                    cores,
                    backlog.get()));
            lastCpu = cpu;
            lastAt = now;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
