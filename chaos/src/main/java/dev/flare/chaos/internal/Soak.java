package dev.flare.chaos.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Steady load on standalone Flare for a long time, with no faults, sampling the process every 15 s: heap, RSS,
 * threads and file handles must stay flat after warm-up (the first sixth of the run). The heap is fixed and
 * touched at start, so RSS growth is off-heap (RocksDB, Kafka's memory-mapped indexes, direct buffers, metaspace).
 * Every fifth minute the process is asked for a full collection ({@code jcmd GC.run}) before it is sampled: the heap
 * in use between collections only shows how far the garbage got, the heap after a full one what is really held.
 */
public final class Soak {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
    private static final int FULL_GC_EVERY_SAMPLES = 20;
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
        int count = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(SAMPLE_EVERY);
                if (flare.api() != null) {
                    count++;
                    boolean fullGc = count % FULL_GC_EVERY_SAMPLES == 0 && fullGc(flare.pid());
                    samples.add(
                            ProcessSample.take(flare.pid(), flare.api(), (System.nanoTime() - start) / 1e9, fullGc));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.err.println("soak: sample failed: " + e);
            }
        }
    }

    /** Runs a full collection in process {@code pid} and waits for it; false when jcmd could not. */
    private static boolean fullGc(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
