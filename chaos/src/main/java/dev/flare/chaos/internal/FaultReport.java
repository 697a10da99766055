package dev.flare.chaos.internal;

/**
 * One injected fault: when (seconds into the load) and how long until a change written right after it reached a
 * healthy subscriber (seconds; -1 when it did not within the run's limit).
 */
public record FaultReport(String fault, double atSecond, double recoverySeconds) {}
