package dev.flare.chaos.internal;

import dev.flare.model.Position;

/** One callback a chaos receiver read: which document, which position, how it answered and when (nanoTime). */
public record Receipt(String document, Position position, Answer answer, long atNanos) {}
