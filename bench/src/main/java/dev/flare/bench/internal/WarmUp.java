package dev.flare.bench.internal;

import dev.flare.bench.internal.Documents.Change;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.DoubleSupplier;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up of a steady scenario (open loop at a rate, or closed loop at the maximum like dedupe and the raw HTTP
 * limit): its load for the scale's warm-up, then on in short rounds until the pipeline keeps up (the median end-to-end
 * latency of a round's callbacks under {@link #KEEPING_UP}) and the JIT has settled (its compilers worked less than
 * {@link #JIT_SETTLED_SHARE} of a round's wall time), for at most the scale's longest warm-up. Note: the compilers'
 * time is their wall time, so on a saturated machine, where they wait for a core, a closed loop may not settle within
 * that. A fresh JVM compiles the broker, Flare, the load generator and the receiver while the load runs; the measured
 * minute should inherit neither the backlog that leaves behind nor the compilers' CPU. A batch scenario or stage warms
 * up the same way in {@link #rounds whole batches}, each delivered before the next, so no backlog is carried over.
 */
final class WarmUp {

    /** A round whose median callback arrived sooner than this after its change was sent has no backlog to speak of. */
    static final Duration KEEPING_UP = Duration.ofSeconds(1);

    /**
     * A round in which the JIT compilers worked less than this share of its wall time has little left to compile:
     * measured, a fresh JVM's compilers still worked 30 s of a measured minute after a 40 s warm-up.
     */
    static final double JIT_SETTLED_SHARE = 0.1;

    private static final int ROUND_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    /**
     * What the warm-up did.
     *
     * @param sent changes sent during it
     * @param lastRoundP50Millis median end-to-end latency of the callbacks of its last round (or of the whole fixed
     *     warm-up when it kept up by then); -1 when no callback arrived
     * @param lastRoundJitShare the JIT compilers' working time in its last round (or the fixed warm-up) over the
     *     round's wall time
     * @param flareCounters Flare's counters over the warm-up, so a run's own can be told apart from the cold start's
     */
    record Result(
            long sent,
            double seconds,
            boolean keptUp,
            double lastRoundP50Millis,
            double lastRoundJitShare,
            Map<String, Long> flareCounters) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("seconds", Math.round(seconds * 10) / 10.0);
            map.put("sent", sent);
            map.put("keptUp", keptUp);
            map.put("lastRoundE2eP50Millis", lastRoundP50Millis);
            map.put("jitSettled", lastRoundJitShare < JIT_SETTLED_SHARE);
            map.put("lastRoundJitShare", Math.round(lastRoundJitShare * 1000) / 1000.0);
            map.put("flareCounters", flareCounters);
            return map;
        }
    }

    /** One stretch of a scenario's load. */
    @FunctionalInterface
    interface Load {
        /** Sends load for {@code duration}; returns how many changes it sent. */
        long run(Duration duration) throws InterruptedException;
    }

    private WarmUp() {}

    /** The warm-up of an open-loop scenario at {@code rate} changes/s. */
    static Result run(Session session, Iterator<Change> changes, double rate, Scale scale, Tracker tracker)
            throws InterruptedException {
        return run(session, changes, d -> session.load().openLoop(changes, rate, d, tracker, false), scale, tracker);
    }

    /** The warm-up of a scenario driven by {@code load}, whose callbacks {@code tracker} records. */
    static Result run(Session session, Iterator<Change> changes, Load load, Scale scale, Tracker tracker)
            throws InterruptedException {
        Map<String, Long> countersBefore = session.flare().deliveryCounters();
        tracker.recentE2eMicros();
        Settled settled =
                untilSettled(changes, load, scale, () -> medianMillis(tracker.recentE2eMicros()), WarmUp::keptUp);
        Map<String, Long> counters =
                DeliveryCounters.delta(countersBefore, session.flare().deliveryCounters());
        return new Result(
                settled.sent(), settled.seconds(), settled.keptUp(), settled.lastP50(), settled.jitShare(), counters);
    }

    /**
     * The warm-up of a stage without callbacks (the raw HTTP limit): {@code load} for the scale's warm-up, then on
     * until the JIT has settled.
     */
    static Result runStage(Iterator<Change> changes, Load load, Scale scale) throws InterruptedException {
        Settled settled = untilSettled(changes, load, scale, () -> -1, p50 -> true);
        return new Result(settled.sent(), settled.seconds(), true, -1, settled.jitShare(), Map.of());
    }

    /** One round of a batch warm-up: a whole batch, sent and, where it has callbacks, delivered. */
    @FunctionalInterface
    interface Round {
        /** Runs round {@code number} (from 1); returns how many changes it sent. */
        long run(int number) throws Exception;
    }

    /**
     * The warm-up of a batch scenario: {@code round} again and again for at least the scale's warm-up and on until the
     * JIT has settled over a round, for at most the scale's longest warm-up. A round that is not delivered fails it.
     */
    static Result rounds(Session session, Round round, Scale scale) throws Exception {
        Map<String, Long> countersBefore = session.flare().deliveryCounters();
        Result result = rounds(round, scale);
        Map<String, Long> counters =
                DeliveryCounters.delta(countersBefore, session.flare().deliveryCounters());
        return new Result(result.sent(), result.seconds(), true, -1, result.lastRoundJitShare(), counters);
    }

    /** The warm-up of a batch stage (the limits other than raw HTTP in), as {@link #rounds(Session, Round, Scale)}. */
    static Result rounds(Round round, Scale scale) throws Exception {
        long start = System.nanoTime();
        long minimumEnd = start + Duration.ofSeconds(scale.warmupSeconds()).toNanos();
        long deadline = start + Duration.ofSeconds(scale.maxWarmupSeconds()).toNanos();
        long sent = 0;
        int number = 0;
        double jitShare;
        do {
            long roundStart = System.nanoTime();
            long roundJitStart = ProcessStats.jitMillis();
            sent += round.run(++number);
            jitShare = jitShare(roundJitStart, roundStart);
            LOG.info(
                    "Warm-up round {}: {} s, JIT share {}",
                    number,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - roundStart) / 1e9),
                    String.format(Locale.ROOT, "%.3f", jitShare));
        } while ((System.nanoTime() - minimumEnd < 0 || jitShare >= JIT_SETTLED_SHARE)
                && deadline - System.nanoTime() > 0);
        return new Result(sent, (System.nanoTime() - start) / 1e9, true, -1, jitShare, Map.of());
    }

    private record Settled(long sent, double seconds, boolean keptUp, double lastP50, double jitShare) {}

    private static Settled untilSettled(
            Iterator<Change> changes, Load load, Scale scale, DoubleSupplier roundP50Millis, DoublePredicate keptUp)
            throws InterruptedException {
        long start = System.nanoTime();
        long jitStart = ProcessStats.jitMillis();
        long sent = load.run(Duration.ofSeconds(scale.warmupSeconds()));
        double p50 = roundP50Millis.getAsDouble();
        double jitShare = jitShare(jitStart, start);
        int round = Math.max(1, Math.min(ROUND_SECONDS, scale.warmupSeconds()));
        long deadline = start + Duration.ofSeconds(scale.maxWarmupSeconds()).toNanos();
        while ((!keptUp.test(p50) || jitShare >= JIT_SETTLED_SHARE)
                && deadline - System.nanoTime() > 0
                && changes.hasNext()) {
            long roundStart = System.nanoTime();
            long roundJitStart = ProcessStats.jitMillis();
            sent += load.run(Duration.ofSeconds(round));
            p50 = roundP50Millis.getAsDouble();
            jitShare = jitShare(roundJitStart, roundStart);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Settled(sent, seconds, keptUp.test(p50), p50, jitShare);
    }

    private static double jitShare(long jitMillisBefore, long startNanos) {
        double wallMillis = (System.nanoTime() - startNanos) / 1e6;
        return wallMillis <= 0 ? 0 : (ProcessStats.jitMillis() - jitMillisBefore) / wallMillis;
    }

    private static boolean keptUp(double p50Millis) {
        return p50Millis >= 0 && p50Millis < KEEPING_UP.toMillis();
    }

    private static double medianMillis(Histogram micros) {
        return micros.getTotalCount() == 0 ? -1 : micros.getValueAtPercentile(50) / 1000.0;
    }
}
