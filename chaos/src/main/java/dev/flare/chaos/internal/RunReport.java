package dev.flare.chaos.internal;

import java.util.List;

/** The figures of one chaos run, as the checker found them (written as JSON, printed as text). */
public record RunReport(
        String deployment,
        String startedAt,
        int documents,
        int subscriptions,
        double loadSeconds,
        long requestsAccepted,
        long changesAccepted,
        long repeatsAndOlderAccepted,
        long requestsRejected,
        long callbacks,
        long delivered,
        long discarded,
        long deadLettered,
        long lost,
        long outOfOrder,
        long duplicates,
        long duplicatesAfterAmbiguousAnswer,
        long duplicatesAfterFault,
        long duplicatesUnexplained,
        long garbageWritten,
        long garbageDeadLettered,
        double catchUpSeconds,
        List<FaultReport> faults,
        List<String> problems,
        List<String> unexplainedDuplicates) {

    /** Nothing lost, nothing out of order, nothing refused, every garbage record dead-lettered. */
    public boolean passed() {
        return lost == 0 && outOfOrder == 0 && requestsRejected == 0 && garbageDeadLettered == garbageWritten;
    }

    /** A few lines for a terminal. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append("Chaos run: ").append(deployment).append('\n');
        text.append(String.format(
                "  load: %.0f s, %d documents, %d subscriptions; accepted %d requests (%d changes, %d repeats or"
                        + " older), rejected %d%n",
                loadSeconds,
                documents,
                subscriptions,
                requestsAccepted,
                changesAccepted,
                repeatsAndOlderAccepted,
                requestsRejected));
        text.append(String.format(
                "  callbacks %d: delivered %d, discarded %d, dead-lettered %d (last versions)%n",
                callbacks, delivered, discarded, deadLettered));
        text.append(String.format(
                "  LOST %d, OUT OF ORDER %d; duplicates %d (after a late answer %d, after a fault %d, unexplained %d)%n",
                lost,
                outOfOrder,
                duplicates,
                duplicatesAfterAmbiguousAnswer,
                duplicatesAfterFault,
                duplicatesUnexplained));
        text.append(String.format(
                "  garbage records %d, dead-lettered by the topology %d; caught up %.1f s after the load ended%n",
                garbageWritten, garbageDeadLettered, catchUpSeconds));
        for (FaultReport fault : faults) {
            text.append(String.format(
                    "  at %5.1f s %-36s recovered in %.1f s%n",
                    fault.atSecond(), fault.fault(), fault.recoverySeconds()));
        }
        problems.forEach(problem -> text.append("  ").append(problem).append('\n'));
        unexplainedDuplicates.forEach(duplicate ->
                text.append("  unexplained duplicate: ").append(duplicate).append('\n'));
        text.append(passed() ? "  PASSED" : "  FAILED").append('\n');
        return text.toString();
    }
}
