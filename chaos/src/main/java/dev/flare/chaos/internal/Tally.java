package dev.flare.chaos.internal;

import java.util.ArrayList;
import java.util.List;

/** The checker's counts over every (subscription, document) of a run. */
public final class Tally {

    private static final int MAX_EXAMPLES = 20;

    long callbacks;
    long delivered;
    long discarded;
    long deadLettered;
    long lost;
    long outOfOrder;
    long duplicatesAfterAmbiguousAnswer;
    long duplicatesAfterFault;
    long duplicatesUnexplained;
    final List<String> examples = new ArrayList<>();
    final List<String> unexplainedExamples = new ArrayList<>();

    void example(String problem) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(problem);
        }
    }

    void unexplained(String duplicate) {
        if (unexplainedExamples.size() < MAX_EXAMPLES / 4) {
            unexplainedExamples.add(duplicate);
        }
    }

    public long lost() {
        return lost;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long duplicates() {
        return duplicatesAfterAmbiguousAnswer + duplicatesAfterFault + duplicatesUnexplained;
    }
}
