package dev.flare.bench.internal;

import dev.flare.bench.internal.Documents.Change;
import dev.flare.bench.internal.Session.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenarios of the issue. Each sets itself up on its own resource, drives load, waits until every subscriber that
 * answers 2xx has the newest version of every document it should have, and returns its measurements.
 */
public final class Scenarios {

    /** Scenarios in their default order; {@code limits} is handled by the runner. */
    public static final List<String> ALL = List.of(
            "throughput", "throughput-alos", "latency", "latency-alos", "dedupe", "fanout", "isolation", "conflation");

    static final int CLOSED_LOOP_CONCURRENCY = 64;

    private static final int FANOUT_CONCURRENCY = 16;

    private static final Logger LOG = LoggerFactory.getLogger(Scenarios.class);
    /**
     * How long a batch may take to reach every subscriber: three minutes, and a second more for each 2,000 (subscriber,
     * document) pairs it must reach, so that the million-callback fan-out is timed rather than cut off.
     */
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);

    private static final int SETTLE_PAIRS_PER_EXTRA_SECOND = 2_000;

    private Scenarios() {}

    /** The processing guarantee a scenario runs Flare with. */
    public static String guarantee(String scenario) {
        return scenario.endsWith("-alos") ? "at_least_once" : "exactly_once_v2";
    }

    /** Runs {@code scenario} on {@code session}; the result holds its measurements and its {@code passes}. */
    public static Map<String, Object> run(String scenario, Session session, Scale scale) throws Exception {
        return switch (scenario) {
            case "throughput", "throughput-alos" -> throughput(session, scale);
            case "latency", "latency-alos" -> latency(session, scale);
            case "dedupe" -> dedupe(session, scale);
            case "fanout" -> fanout(session, scale);
            case "isolation" -> isolation(session, scale);
            case "conflation" -> conflation(session, scale);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    static Map<String, Object> throughput(Session session, Scale scale) throws Exception {
        int documents = scale.throughputDocuments();
        int versions = scale.throughputVersions();
        WarmUp.Result warmUp = throughputWarmUp(session, documents, versions, scale);
        Map<String, Object> result = batch(session, "throughput", documents, versions, scale);
        result.put("warmUp", warmUp.toMap());
        result.put("stateStoreBytes", session.flare().bytesUnder("streams"));
        result.put("brokerLogBytes", session.flare().bytesUnder("kafka"));
        result.put(
                "stateStoreBytesPerMillionDocuments",
                session.flare().bytesUnder("streams") * 1e6 / (documents + warmUp.sent() / (double) versions));
        return result;
    }

    /**
     * Rounds of the measured batch on a resource of its own until the JIT has settled: each round sends
     * {@code versions} versions of {@code documents} documents it has not sent before, at the maximum rate, and waits
     * until the newest arrived. With rounds of a tenth of the documents the compilers still took 5.7-6.0 s of CPU in
     * the measured batch; with rounds of the batch itself 2.0-2.3 s (docs/performance.md).
     */
    private static WarmUp.Result throughputWarmUp(Session session, int documents, int versions, Scale scale)
            throws Exception {
        String ns = session.namespace("throughput-warmup");
        Subscriber subscriber = Subscriber.healthy("s0");
        session.setUp(ns, List.of(subscriber));
        Tracker tracker = new Tracker();
        session.receiver().track(tracker);
        return WarmUp.rounds(
                session,
                round -> {
                    int first = (round - 1) * documents;
                    long changes = (long) documents * versions;
                    session.load()
                            .closedLoop(
                                    batchChanges(ns, first, documents, versions),
                                    CLOSED_LOOP_CONCURRENCY,
                                    tracker,
                                    false);
                    long[] newest = new long[first + documents];
                    Arrays.fill(newest, first, newest.length, versions);
                    requireDelivered(awaitExact(tracker, List.of(subscriber), ns, newest), session, tracker, ns, round);
                    return changes;
                },
                scale);
    }

    /**
     * Versions 1 to {@code versions} of documents {@code first} to {@code first + documents - 1}, in rounds: every
     * document's version v before any document's v + 1.
     */
    private static Iterator<Change> batchChanges(String ns, int first, int documents, int versions) {
        return LongStream.range(0, (long) documents * versions)
                .mapToObj(i -> new Change(ns, first + i % documents, i / documents + 1))
                .iterator();
    }

    private static void requireDelivered(boolean delivered, Session session, Tracker tracker, String ns, int round) {
        if (!delivered) {
            throw new IllegalStateException("warm-up round " + round + " on " + ns + " was not delivered in time: "
                    + tracker.callbacks() + " callbacks so far, consumer groups"
                    + " behind " + session.backlog() + ", delivery counters "
                    + session.flare().deliveryCounters());
        }
    }

    private static Map<String, Object> batch(Session session, String name, int documents, int versions, Scale scale)
            throws Exception {
        String ns = session.namespace(name);
        Subscriber subscriber = Subscriber.healthy("s0");
        session.setUp(ns, List.of(subscriber));
        Tracker tracker = new Tracker();
        session.receiver().track(tracker);
        ProcessStats.Memory idle = ProcessStats.memoryAfterGc();
        ProcessStats.CpuSnapshot cpuBefore = ProcessStats.cpuSnapshot();
        Iterator<Change> changes = batchChanges(ns, 0, documents, versions);
        long start = System.nanoTime();
        try (Sampler sampler = session.sampler(tracker, scale.sampleMillis())) {
            session.load().closedLoop(changes, CLOSED_LOOP_CONCURRENCY, tracker, true);
            long ingested = System.nanoTime();
            boolean settled = awaitNewest(tracker, List.of(subscriber), ns, documents, versions);
            long total = (long) documents * versions;
            long end = settled ? tracker.lastCallbackNanos() : System.nanoTime();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("documents", documents);
            result.put("versions", versions);
            result.put("loop", "closed, " + CLOSED_LOOP_CONCURRENCY + " in flight");
            result.put("changes", total);
            result.put("settled", settled);
            result.put("ingestPerSecond", total * 1e9 / (ingested - start));
            result.put("deliveredChangesPerSecond", total * 1e9 / (end - start));
            result.put("callbacksPerSecond", tracker.callbacks() * 1e9 / (end - start));
            result.put("primary", total * 1e9 / (end - start));
            result.put("primaryName", "deliveredChangesPerSecond");
            common(result, tracker, sampler, idle, cpuBefore, start, end);
            result.put("passes", passes(1, 1));
            return result;
        }
    }

    static Map<String, Object> latency(Session session, Scale scale) throws Exception {
        String ns = session.namespace("latency");
        Subscriber subscriber = Subscriber.healthy("s0");
        session.setUp(ns, List.of(subscriber));
        Tracker tracker = new Tracker();
        session.receiver().track(tracker);
        int documents = 10_000;
        Iterator<Change> changes = LongStream.iterate(0, i -> i + 1)
                .mapToObj(i -> new Change(ns, i % documents, i / documents + 1))
                .iterator();
        double rate = scale.latencyRate();
        WarmUp.Result warmUp = WarmUp.run(session, changes, rate, scale, tracker);
        ProcessStats.Memory idle = ProcessStats.memory();
        ProcessStats.CpuSnapshot cpuBefore = ProcessStats.cpuSnapshot();
        long start = System.nanoTime();
        try (Sampler sampler = session.sampler(tracker, scale.sampleMillis())) {
            long sent =
                    session.load().openLoop(changes, rate, Duration.ofSeconds(scale.measureSeconds()), tracker, true);
            long end = System.nanoTime();
            long total = warmUp.sent() + sent;
            boolean settled = awaitCycled(tracker, List.of(subscriber), ns, documents, total);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put(
                    "loop",
                    "open, " + rate + "/s, " + Math.round(warmUp.seconds()) + " s warm-up + " + scale.measureSeconds()
                            + " s measured");
            result.put("warmUp", warmUp.toMap());
            result.put("offeredPerSecond", rate);
            result.put("sentMeasured", sent);
            result.put("achievedPerSecond", sent * 1e9 / (end - start));
            result.put("settled", settled);
            result.put("primary", percentileMillis(tracker.e2eMicros("all"), 99));
            result.put("primaryName", "e2eP99Millis");
            common(result, tracker, sampler, idle, cpuBefore, start, end);
            result.put("passes", passes(1, 1));
            return result;
        }
    }

    /**
     * Closed loop at the maximum rate, steady like the latency scenarios: a warm-up that lasts until the JIT has
     * settled, then the scale's measured time. The raw HTTP limit it is compared with is measured the same way.
     */
    static Map<String, Object> dedupe(Session session, Scale scale) throws Exception {
        String ns = session.namespace("dedupe");
        Subscriber subscriber = Subscriber.healthy("s0");
        session.setUp(ns, List.of(subscriber));
        Tracker tracker = new Tracker();
        session.receiver().track(tracker);
        DedupeChanges changes = new DedupeChanges(ns, scale.dedupeDocuments());
        WarmUp.Result warmUp = WarmUp.run(
                session,
                changes,
                d -> session.load().closedLoop(changes, CLOSED_LOOP_CONCURRENCY, d, tracker, false),
                scale,
                tracker);
        ProcessStats.Memory idle = ProcessStats.memory();
        ProcessStats.CpuSnapshot cpuBefore = ProcessStats.cpuSnapshot();
        long writtenBefore = session.flare().putsWritten();
        long freshBefore = changes.fresh();
        long start = System.nanoTime();
        try (Sampler sampler = session.sampler(tracker, scale.sampleMillis())) {
            long puts = session.load()
                    .closedLoop(
                            changes,
                            CLOSED_LOOP_CONCURRENCY,
                            Duration.ofSeconds(scale.measureSeconds()),
                            tracker,
                            true);
            long end = System.nanoTime();
            long written = session.flare().putsWritten() - writtenBefore;
            long fresh = changes.fresh() - freshBefore;
            boolean settled = awaitExact(tracker, List.of(subscriber), ns, changes.newest());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put(
                    "loop",
                    "closed, " + CLOSED_LOOP_CONCURRENCY + " in flight, " + Math.round(warmUp.seconds())
                            + " s warm-up + " + scale.measureSeconds() + " s measured");
            result.put("warmUp", warmUp.toMap());
            result.put("puts", puts);
            result.put("newVersions", fresh);
            result.put("repeatsOrOlder", puts - fresh);
            result.put("writtenToKafka", written);
            result.put("settled", settled);
            result.put("ingestPerSecond", puts * 1e9 / (end - start));
            result.put("callbacksExpectedAtMost", fresh);
            result.put("primary", puts * 1e9 / (end - start));
            result.put("primaryName", "ingestPerSecond");
            common(result, tracker, sampler, idle, cpuBefore, start, end);
            result.put("passes", passes(1, fresh / (double) puts, written / (double) puts));
            return result;
        }
    }

    static Map<String, Object> fanout(Session session, Scale scale) throws Exception {
        int subscriptions = scale.fanoutSubscriptions();
        WarmUp.Result warmUp = fanoutWarmUp(session, scale, subscriptions, scale.fanoutChanges());
        Map<String, Object> result = fanoutRound(session, scale, "fanout", subscriptions, scale.fanoutChanges());
        result.put("warmUp", warmUp.toMap());
        return result;
    }

    /**
     * Rounds of fan-out on a resource of its own with as many subscriptions until the JIT has settled: round r sends
     * version r of {@code changes} documents and waits until every subscription has it.
     */
    private static WarmUp.Result fanoutWarmUp(Session session, Scale scale, int subscriptions, int changes)
            throws Exception {
        String ns = session.namespace("fanout-warmup");
        List<Subscriber> subscribers = fanoutSubscribers(subscriptions);
        session.setUp(ns, subscribers);
        Tracker tracker = new Tracker();
        session.receiver().track(tracker);
        return WarmUp.rounds(
                session,
                round -> {
                    sendFanout(session, ns, changes, round, tracker, false);
                    requireDelivered(
                            awaitNewest(tracker, subscribers, ns, changes, round), session, tracker, ns, round);
                    return changes;
                },
                scale);
    }

    private static List<Subscriber> fanoutSubscribers(int subscriptions) {
        return IntStream.range(0, subscriptions)
                .mapToObj(i -> Subscriber.healthy("f" + i))
                .toList();
    }

    /** Version {@code version} of documents 0 to {@code changes} - 1, 16 PUTs in flight. */
    private static void sendFanout(
            Session session, String ns, int changes, long version, Tracker tracker, boolean measured)
            throws InterruptedException {
        session.load()
                .closedLoop(
                        LongStream.range(0, changes)
                                .mapToObj(i -> new Change(ns, i, version))
                                .iterator(),
                        FANOUT_CONCURRENCY,
                        tracker,
                        measured);
    }

    private static Map<String, Object> fanoutRound(
            Session session, Scale scale, String name, int subscriptions, int changes) throws Exception {
        String ns = session.namespace(name);
        List<Subscriber> subscribers = fanoutSubscribers(subscriptions);
        session.setUp(ns, subscribers);
        Tracker tracker = new Tracker();
        session.receiver().track(tracker);
        ProcessStats.Memory idle = ProcessStats.memoryAfterGc();
        ProcessStats.CpuSnapshot cpuBefore = ProcessStats.cpuSnapshot();
        long start = System.nanoTime();
        try (Sampler sampler = session.sampler(tracker, scale.sampleMillis())) {
            sendFanout(session, ns, changes, 1, tracker, true);
            boolean settled = awaitNewest(tracker, subscribers, ns, changes, 1);
            long end = settled ? tracker.lastCallbackNanos() : System.nanoTime();
            long expected = (long) changes * subscribers.size();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("loop", "closed, " + FANOUT_CONCURRENCY + " in flight");
            result.put("subscriptions", subscribers.size());
            result.put("changes", changes);
            result.put("callbacksExpected", expected);
            result.put("settled", settled);
            result.put("callbacksPerSecond", tracker.callbacks() * 1e9 / (end - start));
            result.put("primary", tracker.callbacks() * 1e9 / (end - start));
            result.put("primaryName", "callbacksPerSecond");
            common(result, tracker, sampler, idle, cpuBefore, start, end);
            result.put("passes", passes(subscribers.size(), 1));
            return result;
        }
    }

    static Map<String, Object> isolation(Session session, Scale scale) throws Exception {
        int count = scale.isolationSubscriptions();
        int bad = Math.max(2, count / 10);
        Map<String, Object> baseline = isolationPhase(session, scale, "isolation-baseline", count, 0);
        Map<String, Object> mixed = isolationPhase(session, scale, "isolation", count, bad);
        double before = (double) baseline.get("healthyE2eP99Millis");
        double after = (double) mixed.get("healthyE2eP99Millis");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("subscriptions", count);
        result.put("offeredPerSecond", scale.isolationRate());
        result.put("unhealthy", bad + " (half answer 500 from 127.0.0.2, half take 2 s on 127.0.0.3)");
        result.put("allHealthy", baseline);
        result.put("withUnhealthy", mixed);
        result.put("healthyP99Ratio", before <= 0 ? Double.NaN : after / before);
        result.put("settled", (boolean) baseline.get("settled") && (boolean) mixed.get("settled"));
        result.put("primary", before <= 0 ? Double.NaN : after / before);
        result.put("primaryName", "healthyP99Ratio");
        result.put("passes", passes(count, 1));
        return result;
    }

    private static Map<String, Object> isolationPhase(Session session, Scale scale, String name, int count, int bad)
            throws Exception {
        String ns = session.namespace(name);
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i < bad / 2) {
                subscribers.add(new Subscriber("e" + ns + i, 2, new Receiver.Behavior(500, 0)));
            } else if (i < bad) {
                subscribers.add(new Subscriber("w" + ns + i, 3, new Receiver.Behavior(200, 2000)));
            } else {
                subscribers.add(Subscriber.healthy("h" + ns + i));
            }
        }
        session.setUp(ns, subscribers);
        Tracker tracker = new Tracker();
        tracker.groupSubscribers(subscriber -> subscriber.startsWith("h") ? "healthy" : "unhealthy");
        session.receiver().track(tracker);
        int documents = 1_000;
        Iterator<Change> changes = LongStream.iterate(0, i -> i + 1)
                .mapToObj(i -> new Change(ns, i % documents, i / documents + 1))
                .iterator();
        double rate = scale.isolationRate();
        WarmUp.Result warmUp = WarmUp.run(session, changes, rate, scale, tracker);
        ProcessStats.Memory idle = ProcessStats.memory();
        ProcessStats.CpuSnapshot cpuBefore = ProcessStats.cpuSnapshot();
        long start = System.nanoTime();
        try (Sampler sampler = session.sampler(tracker, scale.sampleMillis())) {
            long sent =
                    session.load().openLoop(changes, rate, Duration.ofSeconds(scale.measureSeconds()), tracker, true);
            long end = System.nanoTime();
            long total = warmUp.sent() + sent;
            List<Subscriber> healthy =
                    subscribers.stream().filter(s -> s.name().startsWith("h")).toList();
            boolean settled = awaitCycled(tracker, healthy, ns, documents, total);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("loop", "open, " + rate + " changes/s");
            result.put("warmUp", warmUp.toMap());
            result.put("settled", settled);
            result.put("healthyE2eP99Millis", percentileMillis(tracker.e2eMicros("healthy"), 99));
            result.put("healthyE2e", summary(tracker.e2eMicros("healthy")));
            result.put("unhealthyE2e", summary(tracker.e2eMicros("unhealthy")));
            common(result, tracker, sampler, idle, cpuBefore, start, end);
            return result;
        }
    }

    static Map<String, Object> conflation(Session session, Scale scale) throws Exception {
        String ns = session.namespace("conflation");
        Subscriber subscriber = new Subscriber("c0", 1, new Receiver.Behavior(200, 50));
        session.setUp(ns, List.of(subscriber));
        Tracker tracker = new Tracker();
        session.receiver().track(tracker);
        int versions = scale.conflationVersions();
        ProcessStats.Memory idle = ProcessStats.memoryAfterGc();
        ProcessStats.CpuSnapshot cpuBefore = ProcessStats.cpuSnapshot();
        long start = System.nanoTime();
        try (Sampler sampler = session.sampler(tracker, scale.sampleMillis())) {
            session.load()
                    .closedLoop(
                            LongStream.rangeClosed(1, versions)
                                    .mapToObj(v -> new Change(ns, 0, v))
                                    .iterator(),
                            1,
                            tracker,
                            true);
            long ingested = System.nanoTime();
            boolean settled = awaitNewest(tracker, List.of(subscriber), ns, 1, versions);
            long end = settled ? tracker.lastCallbackNanos() : System.nanoTime();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("loop", "closed, 1 in flight (versions in order)");
            result.put("versions", versions);
            result.put("receiverDelayMillis", 50);
            result.put("settled", settled);
            result.put("ingestPerSecond", versions * 1e9 / (ingested - start));
            result.put("callbacks", tracker.callbacks());
            result.put("conflatedVersions", versions - tracker.successes());
            result.put("finalVersionLagMillis", Math.max(0, end - ingested) / 1e6);
            result.put("primary", versions * 1e9 / (ingested - start));
            result.put("primaryName", "ingestPerSecond");
            common(result, tracker, sampler, idle, cpuBefore, start, end);
            result.put("passes", passes(1, 1));
            return result;
        }
    }

    /** The passes of one change through each stage: {@code subscribers} matching, a fraction that is new. */
    static Map<String, Double> passes(int subscribers, double fresh) {
        return passes(subscribers, fresh, 1.0);
    }

    /**
     * How often one PUT passes each stage: {@code fresh} of them are new versions, {@code written} of them reach
     * Kafka (the ingest API answers a version it already wrote without writing it again).
     */
    static Map<String, Double> passes(int subscribers, double fresh, double written) {
        Map<String, Double> passes = new LinkedHashMap<>();
        passes.put("httpIn", 1.0);
        passes.put("producer", written + fresh * subscribers);
        passes.put("streamsGuard", written + fresh * subscribers);
        passes.put("httpOut", fresh * subscribers);
        return passes;
    }

    private static void common(
            Map<String, Object> result,
            Tracker tracker,
            Sampler sampler,
            ProcessStats.Memory idle,
            ProcessStats.CpuSnapshot cpuBefore,
            long start,
            long end) {
        result.put("accepted", tracker.accepted());
        result.put("rejected", tracker.rejected());
        result.put("callbacks", tracker.callbacks());
        result.put("successfulCallbacks", tracker.successes());
        result.put("outOfOrderCallbacks", tracker.outOfOrder());
        result.put("seconds", (end - start) / 1e9);
        result.put("ingestLatency", summary(tracker.ingestMicros()));
        result.put("e2eLatency", summary(tracker.e2eMicros("all")));
        List<Sampler.Point> points = sampler.points();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("idleHeapUsedBytes", idle.heapUsedBytes());
        memory.put("idleRssBytes", idle.rssBytes());
        memory.put(
                "loadMaxHeapUsedBytes",
                points.stream().mapToLong(Sampler.Point::heapUsedBytes).max().orElse(-1));
        memory.put(
                "loadMaxRssBytes",
                points.stream().mapToLong(Sampler.Point::rssBytes).max().orElse(-1));
        result.put("memory", memory);
        result.put("cpu", ProcessStats.cpuSince(cpuBefore, start));
        result.put("timeline", points);
    }

    static Map<String, Object> summary(Histogram micros) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", micros.getTotalCount());
        summary.put("p50Millis", percentileMillis(micros, 50));
        summary.put("p99Millis", percentileMillis(micros, 99));
        summary.put("p999Millis", percentileMillis(micros, 99.9));
        summary.put("maxMillis", micros.getTotalCount() == 0 ? 0.0 : micros.getMaxValue() / 1000.0);
        Map<String, Double> curve = new LinkedHashMap<>();
        for (double p : new double[] {50, 75, 90, 95, 99, 99.9, 99.99, 100}) {
            curve.put(Double.toString(p), percentileMillis(micros, p));
        }
        summary.put("percentilesMillis", curve);
        return summary;
    }

    static double percentileMillis(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? 0.0 : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static boolean awaitNewest(
            Tracker tracker, List<Subscriber> subscribers, String ns, int documents, long version)
            throws InterruptedException {
        long[] expected = new long[documents];
        Arrays.fill(expected, version);
        return awaitExact(tracker, subscribers, ns, expected);
    }

    /**
     * Waits until each subscriber has the last of {@code sent} changes cycled over {@code documents} documents (change
     * i is version i / documents + 1 of document i % documents); false on timeout.
     */
    private static boolean awaitCycled(
            Tracker tracker, List<Subscriber> subscribers, String ns, int documents, long sent)
            throws InterruptedException {
        return awaitExact(tracker, subscribers, ns, newestCycled(documents, sent));
    }

    /** The newest version of each document after {@code sent} changes cycled over {@code documents} documents. */
    static long[] newestCycled(int documents, long sent) {
        long[] newest = new long[documents];
        for (int document = 0; document < documents; document++) {
            newest[document] = sent / documents + (document < sent % documents ? 1 : 0);
        }
        return newest;
    }

    /** Waits until each subscriber has at least {@code expected[n]} of document n; false on timeout. */
    private static boolean awaitExact(Tracker tracker, List<Subscriber> subscribers, String ns, long[] expected)
            throws InterruptedException {
        int total = subscribers.size() * expected.length;
        long deadline = System.nanoTime()
                + SETTLE_TIMEOUT
                        .plusSeconds(total / SETTLE_PAIRS_PER_EXTRA_SECOND)
                        .toNanos();
        int next = 0;
        while (next < total) {
            Subscriber subscriber = subscribers.get(next / expected.length);
            int document = next % expected.length;
            if (expected[document] <= 0
                    || tracker.newest(subscriber.name(), Documents.url(ns, document)) >= expected[document]) {
                next++;
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                LOG.warn(
                        "{}: {} has revision {} of document {}, not {}",
                        ns,
                        subscriber.name(),
                        tracker.newest(subscriber.name(), Documents.url(ns, document)),
                        document,
                        expected[document]);
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
