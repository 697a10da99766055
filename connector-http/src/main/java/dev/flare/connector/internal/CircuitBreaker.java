package dev.flare.connector.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a subscriber that keeps failing: after {@code threshold} consecutive failed attempts the circuit
 * opens for {@code openFor}; then one probe call is let through (half-open): its success closes the circuit, its
 * failure opens it again. Not thread-safe: its {@link SubscriptionGates} gate guards it.
 */
final class CircuitBreaker {

    /** Where the circuit stands. */
    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    /** How a call that was let through went, as far as the breaker cares. */
    enum Health {
        /** The subscriber answered (a success, discard or 410 status). */
        SUCCESS,
        /** A failed attempt: an error status, a timeout, a connection error. */
        FAILURE,
        /** No call was made after all (an invalid or blocked callback, a signing problem). */
        NONE
    }

    private final int threshold;
    private final Duration openFor;
    private State state = State.CLOSED;
    private int failures;
    private Instant openUntil = Instant.MIN;
    private boolean probing;

    CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = threshold;
        this.openFor = openFor;
    }

    State state() {
        return state;
    }

    /**
     * Zero when a call may start now; otherwise how long until one may: the rest of the open time, or
     * {@code probeWait} while the half-open probe is out.
     */
    Duration waitBefore(Instant now, Duration probeWait) {
        return switch (state) {
            case CLOSED -> Duration.ZERO;
            case OPEN -> now.isBefore(openUntil) ? Duration.between(now, openUntil) : Duration.ZERO;
            case HALF_OPEN -> probing ? probeWait : Duration.ZERO;
        };
    }

    /** A call starts (after {@link #waitBefore} said zero); true when it is the probe of a half-open circuit. */
    boolean start() {
        if (state == State.CLOSED) {
            return false;
        }
        state = State.HALF_OPEN;
        probing = true;
        return true;
    }

    /** A call that {@link #start} let through ended. */
    void finish(boolean probe, Health health, Instant now) {
        if (probe) {
            probing = false;
            if (health == Health.SUCCESS) {
                close();
            } else if (health == Health.FAILURE) {
                open(now);
            }
            return;
        }
        if (state != State.CLOSED) {
            return;
        }
        if (health == Health.SUCCESS) {
            failures = 0;
        } else if (health == Health.FAILURE && ++failures >= threshold) {
            open(now);
        }
    }

    /** Whether it is closed with no failure counted, so forgetting it changes nothing. */
    boolean pristine() {
        return state == State.CLOSED && failures == 0;
    }

    private void close() {
        state = State.CLOSED;
        failures = 0;
    }

    private void open(Instant now) {
        state = State.OPEN;
        openUntil = now.plus(openFor);
        failures = 0;
    }
}
