package dev.flare.model;

import java.time.Instant;

/** A delivery that exhausted its retry policy, with why, as written to the dead-letter topic. */
public record DeadLetter(Delivery delivery, int attempts, Integer lastStatus, String lastError, Instant deadAt) {}
