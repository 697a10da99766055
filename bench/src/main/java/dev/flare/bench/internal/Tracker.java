package dev.flare.bench.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one scenario sent and what the receiver got: send times per (document, revision), the newest revision each
 * (subscriber, document) received with a success answer, and latency histograms in microseconds. Thread-safe.
 */
public final class Tracker {

    /** Largest latency the histograms hold, in microseconds (5 minutes). */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private record Sent(long nanos, boolean measured) {}

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> newestBySubscriberDocument = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentHistogram> e2e = new ConcurrentHashMap<>();
    private final ConcurrentHistogram ingest = histogram();
    private final Recorder recent = new Recorder(MAX_MICROS, 3);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder callbacks = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final AtomicLong firstCallbackNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastCallbackNanos = new AtomicLong(Long.MIN_VALUE);
    private volatile Function<String, String> groupOfSubscriber = subscriber -> "all";

    static ConcurrentHistogram histogram() {
        return new ConcurrentHistogram(MAX_MICROS, 3);
    }

    /** Groups subscribers for the end-to-end histograms (default: one group {@code all}). */
    public void groupSubscribers(Function<String, String> group) {
        this.groupOfSubscriber = group;
    }

    /** Records that a change is being sent at {@code nanos} (the intended time under open-loop load). */
    public void sending(String documentUrl, long revision, long nanos, boolean measured) {
        sent.putIfAbsent(documentUrl + '|' + revision, new Sent(nanos, measured));
    }

    /** Records the ingest answer of a change sent at {@code sentNanos}. */
    public void answered(int status, long sentNanos, long answeredNanos, boolean measured) {
        if (status == 202) {
            accepted.increment();
        } else {
            rejected.increment();
        }
        if (measured) {
            ingest.recordValue(clamp((answeredNanos - sentNanos) / 1000));
        }
    }

    /** Records a callback that arrived at {@code nanos}; {@code success} when the receiver answers 2xx. */
    public void callback(String subscriber, String documentUrl, long revision, long nanos, boolean success) {
        callbacks.increment();
        firstCallbackNanos.accumulateAndGet(nanos, Math::min);
        lastCallbackNanos.accumulateAndGet(nanos, Math::max);
        if (!success) {
            return;
        }
        successes.increment();
        long[] previous = {Long.MIN_VALUE};
        newestBySubscriberDocument.merge(subscriber + '|' + documentUrl, revision, (old, now) -> {
            previous[0] = old;
            return Math.max(old, now);
        });
        if (previous[0] >= revision) {
            outOfOrder.increment();
        }
        Sent when = sent.get(documentUrl + '|' + revision);
        if (when != null) {
            recent.recordValue(clamp((nanos - when.nanos()) / 1000));
        }
        if (when != null && when.measured()) {
            e2e.computeIfAbsent(groupOfSubscriber.apply(subscriber), group -> histogram())
                    .recordValue(clamp((nanos - when.nanos()) / 1000));
        }
    }

    /** The newest revision {@code subscriber} received of {@code documentUrl} with a success answer, or -1. */
    public long newest(String subscriber, String documentUrl) {
        return newestBySubscriberDocument.getOrDefault(subscriber + '|' + documentUrl, -1L);
    }

    /** End-to-end latency of every successful callback, warm-up included, since the previous call. */
    public Histogram recentE2eMicros() {
        return recent.getIntervalHistogram();
    }

    public Histogram ingestMicros() {
        return ingest.copy();
    }

    /** End-to-end latency of {@code group}, empty when nothing was recorded. */
    public Histogram e2eMicros(String group) {
        ConcurrentHistogram histogram = e2e.get(group);
        return histogram == null ? histogram() : histogram.copy();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long callbacks() {
        return callbacks.sum();
    }

    public long successes() {
        return successes.sum();
    }

    /** Callbacks whose revision was not newer than one the same subscriber already had for the document (I2). */
    public long outOfOrder() {
        return outOfOrder.sum();
    }

    public long firstCallbackNanos() {
        return firstCallbackNanos.get();
    }

    public long lastCallbackNanos() {
        return lastCallbackNanos.get();
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(MAX_MICROS, micros));
    }
}
