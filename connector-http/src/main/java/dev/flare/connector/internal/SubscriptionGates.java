package dev.flare.connector.internal;

import dev.flare.model.DeliveryPolicy;
import dev.flare.model.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps each subscription from harming the others, across every lane of a connector: at most
 * {@code maxConcurrency} calls at once (more wait in a queue sized to what its recent calls get through in
 * {@link #QUEUE_TIME}), at most {@code maxPerSecond} calls
 * started a second, and a circuit breaker that stops calling after consecutive failures. A delivery that cannot go
 * now is told how long to wait, so its lane can defer it to a retry tier instead of holding it. A subscription whose
 * endpoint answered 410 Gone is held here too until the catalog shows it paused. Thread-safe.
 */
public final class SubscriptionGates {

    /** How long a 410 Gone holds deliveries here, covering the moment until the catalog shows the pause. */
    static final Duration LOCAL_PAUSE = Duration.ofSeconds(30);

    private static final Duration IDLE_BEFORE_FORGOTTEN = Duration.ofMinutes(10);
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    /**
     * @param defaultMaxConcurrency calls at once to a subscription without its own {@code maxConcurrency}
     * @param queueSize how many deliveries may wait in memory for a call slot of one subscription
     * @param failureThreshold consecutive failed attempts that open a subscription's circuit
     * @param openFor how long an open circuit stays open before a probe is let through
     */
    public record Settings(int defaultMaxConcurrency, int queueSize, int failureThreshold, Duration openFor) {}

    /** Why a delivery was deferred; {@link #label()} is its metric tag. */
    public enum Reason {
        CONCURRENCY,
        RATE,
        CIRCUIT,
        PAUSED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The answer to {@link #admit}. */
    public sealed interface Admission permits Go, Defer, Queued {}

    /** Call now, and release the permit when the call is over. */
    public record Go(Permit permit) implements Admission {}

    /** Do not call now; try again after {@code delay}. */
    public record Defer(Reason reason, Duration delay) implements Admission {}

    /** Wait for a call slot; {@code next} completes with {@link Go} or {@link Defer}, never exceptionally. */
    public record Queued(CompletableFuture<Admission> next) implements Admission {}

    /**
     * How long a subscription's queue may take to go through at the pace of its recent calls: waiting in memory costs
     * nothing, while a deferral costs a record written and read and waits at least as long anyway. Five seconds keeps
     * a healthy subscriber's backlog in memory (its lane stops reading first, leaving the rest in Kafka) even
     * when a saturated machine slows its calls to tens of milliseconds, and still holds a subscriber whose calls take
     * seconds to a few dozen deliveries.
     */
    static final Duration QUEUE_TIME = Duration.ofSeconds(5);
    /** How long a delivery turned away waits before any call of its subscription has finished. */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(1);
    /**
     * How long a call is assumed to take until one of the subscription's calls has finished, which sizes its queue
     * meanwhile: the first burst to a subscription (a new one, or any after a restart, when the backlog is largest)
     * waits in memory rather than cycling through a retry tier, and a subscriber that turns out slow holds at most
     * a few hundred deliveries.
     */
    static final Duration UNKNOWN_CALL = Duration.ofMillis(250);
    /**
     * The most deliveries one subscription may hold in memory, whatever its speed; about a lane's default
     * {@code flare.connector.max.in.flight}, which bounds the memory they hold anyway.
     */
    static final int MAX_QUEUE = 1024;

    private static final double LATENCY_WEIGHT = 0.2;

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private volatile Instant nextSweep;

    public SubscriptionGates(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.nextSweep = clock.instant().plus(SWEEP_INTERVAL);
    }

    /**
     * Whether a call to {@code subscription} may start now.
     *
     * @param busyWait how long a call slot or a half-open probe may stay taken (the subscription's call timeout):
     *     the wait given to a delivery deferred for them
     */
    public Admission admit(Subscription subscription, Duration busyWait) {
        Instant now = clock.instant();
        sweepIfDue(now);
        Gate gate = gates.computeIfAbsent(subscription.id(), id -> new Gate(now));
        return gate.admit(subscription.deliveryPolicy(), busyWait, now);
    }

    /**
     * Whether deliveries to {@code subscription} are on hold: paused in the catalog, or just answered 410 Gone and
     * the catalog does not show the pause yet. Once it has shown it, only the catalog counts, so a resume takes
     * effect at once.
     */
    public boolean isPaused(Subscription subscription) {
        Gate gate = gates.get(subscription.id());
        if (subscription.paused() != null) {
            if (gate != null) {
                gate.pauseSeen();
            }
            return true;
        }
        return gate != null && gate.pausedLocally(clock.instant());
    }

    /** Holds deliveries to {@code subscriptionId} until the catalog shows the pause its 410 Gone caused. */
    public void pause(String subscriptionId) {
        Instant now = clock.instant();
        gates.computeIfAbsent(subscriptionId, id -> new Gate(now)).pause(now);
    }

    /** Subscriptions whose circuit is open or half-open. */
    public int openCircuits() {
        int open = 0;
        for (Gate gate : gates.values()) {
            if (gate.circuitOpen()) {
                open++;
            }
        }
        return open;
    }

    private void sweepIfDue(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        for (String id : List.copyOf(gates.keySet())) {
            gates.computeIfPresent(id, (key, gate) -> gate.forgettable(now) ? null : gate);
        }
    }

    /** A call slot taken by {@link Go}; release it exactly once when the call is over (later releases do nothing). */
    public static final class Permit {

        private final Gate gate;
        private final boolean probe;
        private final long startedNanos = System.nanoTime();
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Gate gate, boolean probe) {
            this.gate = gate;
            this.probe = probe;
        }

        void release(CircuitBreaker.Health health) {
            if (released.compareAndSet(false, true)) {
                gate.release(probe, health, System.nanoTime() - startedNanos);
            }
        }
    }

    private record Waiter(CompletableFuture<Admission> next, Duration busyWait) {}

    private final class Gate {

        private final CircuitBreaker breaker = new CircuitBreaker(settings.failureThreshold(), settings.openFor());
        private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
        private TokenBucket bucket;
        private int maxConcurrency = settings.defaultMaxConcurrency();
        private int inFlight;
        private double callNanos;
        private Instant pausedUntil = Instant.MIN;
        private Instant overflowSince;
        private Instant lastUsed;

        Gate(Instant now) {
            this.lastUsed = now;
        }

        synchronized Admission admit(DeliveryPolicy policy, Duration busyWait, Instant now) {
            lastUsed = now;
            limits(policy, now);
            Duration circuit = breaker.waitBefore(now, busyWait);
            if (circuit.isPositive()) {
                return new Defer(Reason.CIRCUIT, circuit);
            }
            if (inFlight >= maxConcurrency) {
                if (queue.size() < queueLimit()) {
                    CompletableFuture<Admission> next = new CompletableFuture<>();
                    queue.addLast(new Waiter(next, busyWait));
                    return new Queued(next);
                }
                return new Defer(Reason.CONCURRENCY, overflowWait(busyWait, now));
            }
            return start(now);
        }

        void release(boolean probe, CircuitBreaker.Health health, long elapsedNanos) {
            Instant now = clock.instant();
            List<Runnable> completions = new ArrayList<>();
            synchronized (this) {
                lastUsed = now;
                inFlight--;
                callNanos = callNanos == 0
                        ? elapsedNanos
                        : callNanos * (1 - LATENCY_WEIGHT) + elapsedNanos * LATENCY_WEIGHT;
                breaker.finish(probe, health, now);
                while (inFlight < maxConcurrency && !queue.isEmpty()) {
                    Waiter waiter = queue.removeFirst();
                    Duration circuit = breaker.waitBefore(now, waiter.busyWait());
                    Admission admission = circuit.isPositive() ? new Defer(Reason.CIRCUIT, circuit) : start(now);
                    completions.add(() -> waiter.next().complete(admission));
                }
                if (queue.size() <= queueLimit() / 2) {
                    overflowSince = null;
                }
            }
            completions.forEach(Runnable::run);
        }

        synchronized void pause(Instant now) {
            lastUsed = now;
            pausedUntil = now.plus(LOCAL_PAUSE);
        }

        synchronized void pauseSeen() {
            pausedUntil = Instant.MIN;
        }

        synchronized boolean pausedLocally(Instant now) {
            return now.isBefore(pausedUntil);
        }

        synchronized boolean circuitOpen() {
            return breaker.state() != CircuitBreaker.State.CLOSED;
        }

        synchronized boolean forgettable(Instant now) {
            return inFlight == 0
                    && queue.isEmpty()
                    && breaker.pristine()
                    && (bucket == null || bucket.full(now))
                    && !now.isBefore(pausedUntil)
                    && !now.isBefore(lastUsed.plus(IDLE_BEFORE_FORGOTTEN));
        }

        /**
         * How many deliveries may wait in memory for a slot: as many as this subscription's recent calls would get
         * through within {@link #QUEUE_TIME} ({@link #UNKNOWN_CALL} each until one has finished; a fast subscriber keeps
         * its deliveries in memory instead of cycling them through a retry topic), never fewer than configured nor
         * more than {@link #MAX_QUEUE}.
         */
        private int queueLimit() {
            double pace = callNanos > 0 ? callNanos : UNKNOWN_CALL.toNanos();
            double throughQueueTime = maxConcurrency * (QUEUE_TIME.toNanos() / pace);
            return (int) Math.max(settings.queueSize(), Math.min(MAX_QUEUE, throughQueueTime));
        }

        /**
         * How long a delivery turned away at the concurrency limit should wait: until the queue ahead of it has gone
         * through at the pace of recent calls ({@link #QUEUE_WAIT} while no call has finished), or, if the queue has
         * not drained to half its limit since the subscription started overflowing, as long as that overflow has
         * lasted; never longer than {@code busyWait}. A burst to a fast subscriber is tried again within moments, and
         * so is a later one once its queue has drained; an overflow that lasts (the subscriber slower than what
         * arrives) backs off to the call timeout instead of cycling every delivery through a retry tier again and
         * again.
         */
        private Duration overflowWait(Duration busyWait, Instant now) {
            if (overflowSince == null) {
                overflowSince = now;
            }
            Duration drain = callNanos <= 0
                    ? QUEUE_WAIT
                    : Duration.ofNanos((long) ((queue.size() + 1) * callNanos / maxConcurrency));
            Duration lasting = Duration.between(overflowSince, now);
            Duration wait = lasting.compareTo(drain) > 0 ? lasting : drain;
            return wait.compareTo(busyWait) < 0 ? wait : busyWait;
        }

        private Admission start(Instant now) {
            if (bucket != null) {
                Duration wait = bucket.take(now);
                if (wait.isPositive()) {
                    return new Defer(Reason.RATE, wait);
                }
            }
            boolean probe = breaker.start();
            inFlight++;
            return new Go(new Permit(this, probe));
        }

        private void limits(DeliveryPolicy policy, Instant now) {
            Integer concurrency = policy.maxConcurrency();
            maxConcurrency = concurrency != null && concurrency >= 1 ? concurrency : settings.defaultMaxConcurrency();
            Double perSecond = policy.maxPerSecond();
            if (perSecond == null || !(perSecond > 0)) {
                bucket = null;
            } else if (bucket == null) {
                bucket = new TokenBucket(perSecond, now);
            } else if (Double.compare(bucket.perSecond(), perSecond) != 0) {
                bucket.rate(perSecond);
            }
        }
    }
}
