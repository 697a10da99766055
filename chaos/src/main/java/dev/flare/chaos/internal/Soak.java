package dev.flare.chaos.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Steady load on standalone Flare for a long time, with no faults, sampling the process every 15 s: heap, RSS,
 * threads and file handles must stay flat after warm-up (the first sixth of the run). The heap is fixed and
 * touched at start, so RSS growth is off-heap (RocksDB, Kafka's memory-mapped indexes, direct buffers, metaspace).
 */
public final class Soak {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
    /** A heap of fixed size, touched at start: its growth then cannot pass for a leak in RSS. */
    private static final List<String> FIXED_HEAP = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

    private final Path runDir;
    private final Duration length;

    public Soak(Path runDir, Duration length) {
        this.runDir = runDir;
        this.length = length;
    }

    public SoakReport run() throws Exception {
        StandaloneDeployment flare = new StandaloneDeployment(runDir, FIXED_HEAP);
        List<ProcessSample> samples = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        Thread sampler = Thread.ofVirtual().start(() -> sample(flare, samples, start));
        RunReport run;
        try {
            run = new ChaosRun(flare, Profile.soak(length)).run();
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        return SoakReport.of(run, length.toSeconds() / 6.0, samples);
    }

    private static void sample(StandaloneDeployment flare, List<ProcessSample> samples, long start) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(SAMPLE_EVERY);
                if (flare.api() != null) {
                    samples.add(ProcessSample.take(flare.pid(), flare.api(), (System.nanoTime() - start) / 1e9));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.err.println("soak: sample failed: " + e);
            }
        }
    }
}
