package dev.flare.bench.internal;

/**
 * How big each scenario is. {@link #QUICK} checks the harness in seconds; {@link #DEFAULT} is the scale with
 * fan-out and the stage limits scaled down (steady runs, dedupe and the raw HTTP limit among them, keep the issue's
 * 30 s warm-up and 60 s measured);
 * {@link #FULL} is the scale throughout. A steady run's warm-up goes on past {@code warmupSeconds} until the
 * pipeline keeps up and the JIT has settled, for at most {@code maxWarmupSeconds} ({@link WarmUp}).
 */
public record Scale(
        String name,
        int throughputDocuments,
        int throughputVersions,
        double latencyRate,
        int warmupSeconds,
        int maxWarmupSeconds,
        int measureSeconds,
        int dedupeDocuments,
        int fanoutSubscriptions,
        int fanoutChanges,
        int isolationSubscriptions,
        double isolationRate,
        int conflationVersions,
        long limitRequests,
        long limitRecords,
        long sampleMillis) {

    public static final Scale QUICK =
            new Scale("quick", 100, 3, 200, 1, 3, 3, 10, 10, 20, 10, 20, 100, 2_000, 5_000, 250);
    public static final Scale DEFAULT =
            new Scale("default", 10_000, 10, 1_000, 30, 300, 60, 400, 200, 200, 20, 100, 10_000, 50_000, 200_000, 1000);
    public static final Scale FULL = new Scale(
            "full", 10_000, 10, 1_000, 30, 300, 60, 2_000, 1_000, 1_000, 40, 100, 10_000, 100_000, 500_000, 1000);

    public static Scale named(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "default" -> DEFAULT;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("unknown scale " + name + " (quick, default, full)");
        };
    }
}
