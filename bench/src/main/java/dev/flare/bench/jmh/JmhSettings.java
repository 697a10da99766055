package dev.flare.bench.jmh;

import dev.flare.bench.internal.Scale;

/**
 * How long JMH measures each benchmark.
 *
 * @param forks fresh JVMs per benchmark, 0 to run in this JVM
 * @param warmupIterations iterations run and discarded before measuring
 * @param warmupMillis length of one warm-up iteration
 * @param iterations measured iterations per fork
 * @param iterationMillis length of one measured iteration
 */
public record JmhSettings(int forks, int warmupIterations, long warmupMillis, int iterations, long iterationMillis) {

    /** In this JVM, one short iteration: only shows that every benchmark runs. */
    public static final JmhSettings SMOKE = new JmhSettings(0, 0, 0, 1, 20);

    /** The settings of {@code ./flare bench --jmh} at {@code scale}. */
    public static JmhSettings forScale(Scale scale) {
        return switch (scale.name()) {
            case "quick" -> new JmhSettings(1, 2, 200, 3, 200);
            case "full" -> new JmhSettings(3, 5, 1_000, 10, 1_000);
            default -> new JmhSettings(1, 3, 1_000, 5, 1_000);
        };
    }

    /** As a person would write it, e.g. {@code 1 fork, warm-up 3 × 1000 ms, measurement 5 × 1000 ms}. */
    public String describe() {
        return "%d fork(s), warm-up %d × %d ms, measurement %d × %d ms"
                .formatted(forks, warmupIterations, warmupMillis, iterations, iterationMillis);
    }
}
