package dev.flare.chaos.internal;

/** What a receiver did with one callback it read in full. */
public enum Answer {
    /** Answered 200 in time: delivered. */
    ACCEPTED,
    /** Answered 200 after Flare's timeout: the receiver has it, Flare does not know (ambiguous). */
    ACCEPTED_LATE,
    /** Answered an error status: to be retried. */
    REFUSED,
    /** Answered the subscription's discard status: dropped for good. */
    DISCARDED,
    /** Never answered. */
    HUNG,
    /** Reset the connection instead of answering. */
    RESET;

    /** Whether the receiver now has the version (an ambiguous late answer counts). */
    public boolean kept() {
        return this == ACCEPTED || this == ACCEPTED_LATE;
    }
}
