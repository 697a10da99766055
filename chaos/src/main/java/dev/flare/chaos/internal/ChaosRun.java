package dev.flare.chaos.internal;

import dev.flare.chaos.internal.FlareApi.Placed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One chaos run against one deployment: one subscription per receiver {@link Behaviour}, steady load, each fault
 * of the deployment in turn (with a recovery probe after each), then the checker once subscribers caught up.
 */
public final class ChaosRun {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_LIMIT = Duration.ofMinutes(3);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    /** How long after a fault's recovery probe arrived its effects (rebalances, aborted transactions) may last. */
    private static final Duration AFTERMATH = Duration.ofSeconds(20);

    private final Deployment deployment;
    private final Profile profile;
    private final Ledger ledger = new Ledger();
    private final Map<Behaviour, FaultyReceiver> receivers = new EnumMap<>(Behaviour.class);
    private final Map<Behaviour, String> subscriptions = new EnumMap<>(Behaviour.class);
    private final List<Disturbance> disturbances = new ArrayList<>();
    private final List<FaultReport> faults = new ArrayList<>();

    public ChaosRun(Deployment deployment, Profile profile) {
        this.deployment = deployment;
        this.profile = profile;
    }

    public RunReport run() throws Exception {
        String startedAt = Instant.now().toString();
        try (deployment) {
            FlareApi api = new FlareApi(deployment.start(), ledger);
            String resource = api.createResource();
            for (Behaviour behaviour : Behaviour.values()) {
                FaultyReceiver receiver = FaultyReceiver.start(behaviour, CALL_TIMEOUT);
                receivers.put(behaviour, receiver);
                subscriptions.put(behaviour, api.subscribe(resource, receiver, CALL_TIMEOUT));
            }
            LoadGenerator load = new LoadGenerator(api, profile.documents(), profile.writesPerSecond());
            long loadStart = System.nanoTime();
            load.start(loadStart);
            for (int round = 0; round < profile.rounds(); round++) {
                for (Fault fault : deployment.faults()) {
                    Thread.sleep(profile.betweenFaults());
                    inject(fault, load, loadStart);
                }
            }
            long rest = loadStart + profile.minimumLoad().toNanos() - System.nanoTime();
            Thread.sleep(Duration.ofNanos(Math.max(rest, 0)).plus(profile.betweenFaults()));
            load.stop();
            long loadEnd = System.nanoTime();
            Tally tally = catchUp(api, resource, loadEnd);
            double catchUp = (System.nanoTime() - loadEnd - SETTLE.toNanos()) / 1e9;
            return report(startedAt, (loadEnd - loadStart) / 1e9, tally, catchUp);
        } finally {
            for (FaultyReceiver receiver : receivers.values()) {
                receiver.close();
            }
        }
    }

    private void inject(Fault fault, LoadGenerator load, long loadStart) throws Exception {
        long at = System.nanoTime();
        System.out.printf("chaos: %s%n", fault.name());
        fault.injection().inject();
        String probe = load.probe();
        long deadline = at + PROBE_LIMIT.toNanos();
        double recovery = -1;
        while (System.nanoTime() < deadline) {
            if (receivers.get(Behaviour.HEALTHY).receipts().stream()
                    .anyMatch(r -> r.document().equals(probe) && r.answer().kept())) {
                recovery = (System.nanoTime() - at) / 1e9;
                break;
            }
            Thread.sleep(100);
        }
        faults.add(new FaultReport(fault.name(), (at - loadStart) / 1e9, recovery));
        long settled = recovery < 0 ? Long.MAX_VALUE : System.nanoTime() + AFTERMATH.toNanos();
        disturbances.add(new Disturbance(at, settled));
    }

    /** Checks until nothing is lost any more (or the limit passed), then once more after a pause. */
    private Tally catchUp(FlareApi api, String resource, long loadEnd) throws Exception {
        long deadline = loadEnd + profile.catchUpLimit().toNanos();
        while (check(api, resource).lost() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        Thread.sleep(SETTLE);
        return check(api, resource);
    }

    private Tally check(FlareApi api, String resource) throws Exception {
        Checker checker = new Checker(ledger, disturbances);
        Tally tally = new Tally();
        for (Map.Entry<Behaviour, FaultyReceiver> entry : receivers.entrySet()) {
            Set<Placed> dead = api.deadLetters(resource, subscriptions.get(entry.getKey()));
            checker.check(entry.getKey().name(), entry.getValue().receipts(), dead, tally);
        }
        return tally;
    }

    private List<String> problems(Tally tally) {
        List<String> problems = new ArrayList<>(ledger.rejections());
        problems.addAll(tally.examples);
        return problems;
    }

    private RunReport report(String startedAt, double loadSeconds, Tally tally, double catchUp) {
        Garbage garbage = deployment.garbage();
        return new RunReport(
                deployment.description(),
                startedAt,
                profile.documents(),
                receivers.size(),
                loadSeconds,
                ledger.requests(),
                ledger.changes(),
                ledger.ignored(),
                ledger.rejectedRequests(),
                tally.callbacks,
                tally.delivered,
                tally.discarded,
                tally.deadLettered,
                tally.lost,
                tally.outOfOrder,
                tally.duplicates(),
                tally.duplicatesAfterAmbiguousAnswer,
                tally.duplicatesAfterFault,
                tally.duplicatesUnexplained,
                garbage.written(),
                garbage.deadLettered(),
                catchUp,
                List.copyOf(faults),
                problems(tally),
                List.copyOf(tally.unexplainedExamples));
    }
}
