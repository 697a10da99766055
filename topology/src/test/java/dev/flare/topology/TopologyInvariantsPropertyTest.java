package dev.flare.topology;

import dev.flare.model.Outcome;
import dev.flare.topology.TopologyStep.Answer;
import dev.flare.topology.TopologyStep.AnswerAgain;
import dev.flare.topology.TopologyStep.Creation;
import dev.flare.topology.TopologyStep.Delete;
import dev.flare.topology.TopologyStep.Doc;
import dev.flare.topology.TopologyStep.Put;
import dev.flare.topology.TopologyStep.Redrive;
import dev.flare.topology.TopologyStep.Restart;
import dev.flare.topology.TopologyStep.Sub;
import dev.flare.topology.TopologyStep.Subscribe;
import dev.flare.topology.TopologyStep.Unsubscribe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random interleavings of PUTs, DELETEs, delivery results, subscription changes, re-drives and restarts, played
 * against the real topology and a reference model, with spec §3 I1–I6 checked after every step and at quiescence.
 * Subscriptions A (users) and C (orders) exist from the start; B (users) may be created by a step.
 */
class TopologyInvariantsPropertyTest {

    private static final int MAX_STEPS = 50;
    private static final long MAX_VERSION = 5;

    // Note: every try starts a TopologyTestDriver on RocksDB (a few hundred ms with its restarts); 35 tries keep the
    // property near 30 s on a busy 2-core machine, and each CI run draws a new seed.
    @Property(tries = 35)
    void shouldKeepTheInvariantsWhenChangesResultsAndRestartsInterleave(@ForAll("scenarios") List<TopologyStep> steps)
            throws IOException {
        Path stateDir = Files.createTempDirectory("flare-property-");
        try (ScenarioRun run = new ScenarioRun(stateDir)) {
            run.play(steps);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    @Provide
    Arbitrary<List<TopologyStep>> scenarios() {
        Arbitrary<TopologyStep> step = Arbitraries.frequencyOf(
                Tuple.of(30, puts()),
                Tuple.of(8, deletes()),
                Tuple.of(36, answers()),
                Tuple.of(3, answersAgain()),
                Tuple.of(5, subscribes()),
                Tuple.of(3, unsubscribes()),
                Tuple.of(3, redrives()),
                Tuple.of(3, Arbitraries.just(new Restart())));
        return step.list().ofMinSize(1).ofMaxSize(MAX_STEPS);
    }

    private static Arbitrary<TopologyStep> puts() {
        return Combinators.combine(docs(), Arbitraries.longs().between(1, MAX_VERSION))
                .as(Put::new);
    }

    private static Arbitrary<TopologyStep> deletes() {
        return docs().map(Delete::new);
    }

    private static Arbitrary<TopologyStep> answers() {
        Arbitrary<Outcome> outcomes = Arbitraries.frequency(
                Tuple.of(50, Outcome.DELIVERED),
                Tuple.of(20, Outcome.RETRYING),
                Tuple.of(10, Outcome.DISCARDED),
                Tuple.of(15, Outcome.DEAD_LETTERED),
                Tuple.of(5, Outcome.DROPPED));
        return subs().flatMap(sub -> Combinators.combine(Arbitraries.of(sub.documents()), outcomes)
                .as((doc, outcome) -> new Answer(sub, doc, outcome)));
    }

    private static Arbitrary<TopologyStep> answersAgain() {
        return subs().flatMap(sub -> Arbitraries.of(sub.documents()).map(doc -> new AnswerAgain(sub, doc)));
    }

    private static Arbitrary<TopologyStep> subscribes() {
        return Combinators.combine(subs(), Arbitraries.of(Creation.class)).as(Subscribe::new);
    }

    private static Arbitrary<TopologyStep> unsubscribes() {
        return subs().map(Unsubscribe::new);
    }

    private static Arbitrary<TopologyStep> redrives() {
        return subs().flatMap(sub -> Arbitraries.of(sub.documents()).map(doc -> new Redrive(sub, doc)));
    }

    private static Arbitrary<Doc> docs() {
        return Arbitraries.of(Doc.class);
    }

    private static Arbitrary<Sub> subs() {
        return Arbitraries.of(Sub.class);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
