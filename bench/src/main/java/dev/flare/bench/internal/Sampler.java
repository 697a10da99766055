package dev.flare.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Samples a tracker's counters, this process's memory and CPU, and how far each consumer group is behind, at a fixed
 * interval on its own thread.
 */
public final class Sampler implements AutoCloseable {

    /**
     * One sample: seconds since start, cumulative counters, memory, CPU cores used since the last sample, and records
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

    private final List<Point> points = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public Sampler(Tracker tracker, long intervalMillis, Supplier<Map<String, Long>> backlog) {
        long start = System.nanoTime();
        this.thread = Thread.ofPlatform().daemon().name("bench-sampler").start(() -> {
            long lastCpu = ProcessStats.processCpuNanos();
            long lastAt = System.nanoTime();
            while (running) {
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long cpu = ProcessStats.processCpuNanos();
                ProcessStats.Memory memory = ProcessStats.memory();
                Point point = new Point(
                        (now - start) / 1e9,
                        tracker.accepted(),
                        tracker.callbacks(),
                        memory.heapUsedBytes(),
                        memory.rssBytes(),
                        (cpu - lastCpu) / (double) (now - lastAt),
                        backlog.get());
                synchronized (points) {
                    points.add(point);
                }
                lastCpu = cpu;
                lastAt = now;
            }
        });
    }

    public List<Point> points() {
        synchronized (points) {
            return List.copyOf(points);
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
