package dev.flare.chaos.internal;

/** The time (nanoTime) from a fault's injection until a while after the pipeline recovered from it. */
public record Disturbance(long fromNanos, long toNanos) {

    /** Whether it overlaps the span from one callback to another. */
    boolean overlaps(long firstNanos, long againNanos) {
        return fromNanos <= againNanos && toNanos >= firstNanos;
    }
}
