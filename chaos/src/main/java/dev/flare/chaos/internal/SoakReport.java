package dev.flare.chaos.internal;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A soak: the chaos run's figures plus the process samples, and each resource's level just after warm-up against
 * its level at the end (heap by its lowest point in each window, since it saw-tooths between collections; the
 * others by their highest).
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
                growth(after, ProcessSample::heapUsedBytes, true),
                growth(after, ProcessSample::rssBytes, false),
                growth(after, ProcessSample::threads, false),
                growth(after, ProcessSample::openFiles, false));
    }

    private static Growth growth(List<ProcessSample> samples, ToLongFunction<ProcessSample> value, boolean lowest) {
        if (samples.size() < 2 * WINDOW) {
            return new Growth(0, 0);
        }
        List<ProcessSample> first = samples.subList(0, WINDOW);
        List<ProcessSample> last = samples.subList(samples.size() - WINDOW, samples.size());
        return new Growth(level(first, value, lowest), level(last, value, lowest));
    }

    private static long level(List<ProcessSample> window, ToLongFunction<ProcessSample> value, boolean lowest) {
        return lowest
                ? window.stream().mapToLong(value).min().orElse(0)
                : window.stream().mapToLong(value).max().orElse(0);
    }

    /** A few lines for a terminal. */
    public String summary() {
        return run.summary()
                + String.format(
                        "  soak, %d samples; after %.0f s of warm-up -> end: heap (lowest) %d -> %d MiB, RSS %d -> %d"
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
