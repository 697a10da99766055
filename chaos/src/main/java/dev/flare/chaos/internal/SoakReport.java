package dev.flare.chaos.internal;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A soak: the chaos run's figures plus the process samples, and each resource's level just after warm-up against
 * its level at the end: the heap by the first and last samples taken after a full collection (between collections it
 * saw-tooths and says little), the others by their highest in a window of samples.
 */
public record SoakReport(
        RunReport run,
        double warmUpSeconds,
        List<ProcessSample> samples,
        Growth heap,
        Growth rss,
        Growth threads,
        Growth openFiles) {

    /** A resource's level after warm-up and at the end. */
    public record Growth(long afterWarmUp, long atEnd) {

        public double ratio() {
            return afterWarmUp == 0 ? 0 : (double) atEnd / afterWarmUp;
        }
    }

    private static final int WINDOW = 4;

    public static SoakReport of(RunReport run, double warmUpSeconds, List<ProcessSample> samples) {
        List<ProcessSample> after =
                samples.stream().filter(s -> s.atSecond() >= warmUpSeconds).toList();
        return new SoakReport(
                run,
                warmUpSeconds,
                samples,
                heapAfterFullGc(after),
                growth(after, ProcessSample::rssBytes),
                growth(after, ProcessSample::threads),
                growth(after, ProcessSample::openFiles));
    }

    private static Growth heapAfterFullGc(List<ProcessSample> samples) {
        List<ProcessSample> collected =
                samples.stream().filter(ProcessSample::afterFullGc).toList();
        if (collected.size() < 2) {
            return new Growth(0, 0);
        }
        return new Growth(
                collected.getFirst().heapUsedBytes(), collected.getLast().heapUsedBytes());
    }

    private static Growth growth(List<ProcessSample> samples, ToLongFunction<ProcessSample> value) {
        if (samples.size() < 2 * WINDOW) {
            return new Growth(0, 0);
        }
        List<ProcessSample> first = samples.subList(0, WINDOW);
        List<ProcessSample> last = samples.subList(samples.size() - WINDOW, samples.size());
        return new Growth(highest(first, value), highest(last, value));
    }

    private static long highest(List<ProcessSample> window, ToLongFunction<ProcessSample> value) {
        return window.stream().mapToLong(value).max().orElse(0);
    }

    /** A few lines for a terminal. */
    public String summary() {
        return run.summary()
                + String.format(
                        "  soak, %d samples; after %.0f s of warm-up -> end: heap after a full GC %d -> %d MiB, RSS %d -> %d"
                                + " MiB, threads %d -> %d, open files %d -> %d%n",
                        samples.size(),
                        warmUpSeconds,
                        heap.afterWarmUp() >> 20,
                        heap.atEnd() >> 20,
                        rss.afterWarmUp() >> 20,
                        rss.atEnd() >> 20,
                        threads.afterWarmUp(),
                        threads.atEnd(),
                        openFiles.afterWarmUp(),
                        openFiles.atEnd());
    }
}
