package dev.flare.bench.internal;

import dev.flare.bench.internal.Documents.Change;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The warm-up of a steady scenario: its open-loop load for the scale's warm-up, then on in short rounds until the
 * pipeline keeps up (the median end-to-end latency of a round's callbacks under {@link #KEEPING_UP}), for at most the
 * scale's longest warm-up. A fresh JVM compiles the broker, Flare, the load generator and the receiver while the load
 * runs; the measured minute should not inherit the backlog that leaves behind.
 */
final class WarmUp {

    /** A round whose median callback arrived sooner than this after its change was sent has no backlog to speak of. */
    static final Duration KEEPING_UP = Duration.ofSeconds(1);

    private static final int ROUND_SECONDS = 5;

    /**
     * What the warm-up did.
     *
     * @param sent changes sent during it
     * @param lastRoundP50Millis median end-to-end latency of the callbacks of its last round (or of the whole fixed
     *     warm-up when it kept up by then); -1 when no callback arrived
     * @param flareCounters Flare's counters over the warm-up, so a run's own can be told apart from the cold start's
     */
    record Result(
            long sent, double seconds, boolean keptUp, double lastRoundP50Millis, Map<String, Long> flareCounters) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("seconds", Math.round(seconds * 10) / 10.0);
            map.put("sent", sent);
            map.put("keptUp", keptUp);
            map.put("lastRoundE2eP50Millis", lastRoundP50Millis);
            map.put("flareCounters", flareCounters);
            return map;
        }
    }

    private WarmUp() {}

    static Result run(Session session, Iterator<Change> changes, double rate, Scale scale, Tracker tracker)
            throws InterruptedException {
        LoadGenerator load = session.load();
        Map<String, Long> countersBefore = session.flare().deliveryCounters();
        long start = System.nanoTime();
        tracker.recentE2eMicros();
        long sent = load.openLoop(changes, rate, Duration.ofSeconds(scale.warmupSeconds()), tracker, false);
        double p50 = medianMillis(tracker.recentE2eMicros());
        int round = Math.max(1, Math.min(ROUND_SECONDS, scale.warmupSeconds()));
        long deadline = start + Duration.ofSeconds(scale.maxWarmupSeconds()).toNanos();
        while (!keptUp(p50) && deadline - System.nanoTime() > 0 && changes.hasNext()) {
            sent += load.openLoop(changes, rate, Duration.ofSeconds(round), tracker, false);
            p50 = medianMillis(tracker.recentE2eMicros());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> counters =
                DeliveryCounters.delta(countersBefore, session.flare().deliveryCounters());
        return new Result(sent, seconds, keptUp(p50), p50, counters);
    }

    private static boolean keptUp(double p50Millis) {
        return p50Millis >= 0 && p50Millis < KEEPING_UP.toMillis();
    }

    private static double medianMillis(Histogram micros) {
        return micros.getTotalCount() == 0 ? -1 : micros.getValueAtPercentile(50) / 1000.0;
    }
}
