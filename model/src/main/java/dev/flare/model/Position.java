package dev.flare.model;

import java.util.Comparator;

/**
 * A point in one document's history: a revision, or the delete that came after it. A delete sorts after
 * the revision it deleted and before the next revision (spec §3 I2, I5).
 */
public record Position(long revision, boolean deleted) implements Comparable<Position> {

    private static final Comparator<Position> ORDER =
            Comparator.comparingLong(Position::revision).thenComparing(Position::deleted);

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(Position other) {
        return other == null || compareTo(other) > 0;
    }
}
