package dev.flare.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.model.Action;
import dev.flare.model.Delivery;
import dev.flare.model.DocumentState;
import dev.flare.model.Outcome;
import dev.flare.model.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random PUT/DELETE/result sequences for two subscriptions and two documents, with a connector that acknowledges
 * late, in any order, and sometimes twice. Checks spec §3 I2 and I4 on every delivery and convergence at the end.
 */
class DeliveryInvariantsTest {

    private static final String RESOURCE = "res-1";
    private static final List<String> SUBSCRIPTIONS = List.of("sub-1", "sub-2");
    private static final List<String> URLS = List.of("http://api.example/items/1", "http://api.example/items/2");
    private static final int STEPS = 150;

    @TempDir
    Path stateDir;

    private final Map<String, Position> lastEmitted = new HashMap<>();
    private final Map<String, Position> subscriberHas = new HashMap<>();
    private final Map<String, Delivery> inFlight = new HashMap<>();
    private final List<Delivery> acknowledged = new ArrayList<>();
    private final Map<String, Long> newest = new HashMap<>();

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L, 1234L, 98_765L})
    void shouldEmitIncreasingPositionsAndConvergeWhenChangesAndResultsInterleaveRandomly(long seed) {
        Random random = new Random(seed);
        try (TopologyHarness flare = TopologyHarness.create(stateDir)) {
            SUBSCRIPTIONS.forEach(sid -> flare.subscribe(RESOURCE, sid));
            for (int step = 0; step < STEPS; step++) {
                int dice = random.nextInt(100);
                String url = URLS.get(random.nextInt(URLS.size()));
                if (dice < 40) {
                    long revision = Math.max(1L, newest.getOrDefault(url, 0L) + random.nextInt(6) - 2);
                    newest.merge(url, revision, Math::max);
                    flare.put(url, RESOURCE, revision);
                } else if (dice < 55) {
                    flare.delete(url, RESOURCE);
                } else if (dice < 90 && !inFlight.isEmpty()) {
                    List<String> keys = new ArrayList<>(inFlight.keySet());
                    acknowledge(flare, inFlight.get(keys.get(random.nextInt(keys.size()))));
                } else if (!acknowledged.isEmpty()) {
                    flare.report(acknowledged.get(random.nextInt(acknowledged.size())), Outcome.DELIVERED);
                }
                record(flare.deliveries());
            }
            while (!inFlight.isEmpty()) {
                new ArrayList<>(inFlight.values()).forEach(delivery -> acknowledge(flare, delivery));
                record(flare.deliveries());
            }
            assertThat(acknowledged).as("deliveries the run exercised").hasSizeGreaterThan(20);
            for (String url : URLS) {
                DocumentState document = flare.document(url);
                for (String sid : SUBSCRIPTIONS) {
                    Position has = subscriberHas.get(sid + "|" + url);
                    if (document == null) {
                        assertThat(has).isNull();
                    } else if (document.deleted()) {
                        assertThat(has == null || has.deleted())
                                .as("%s has %s of deleted %s", sid, has, url)
                                .isTrue();
                    } else {
                        assertThat(has).as("%s copy of %s", sid, url).isEqualTo(document.position());
                    }
                }
            }
        }
    }

    private void acknowledge(TopologyHarness flare, Delivery delivery) {
        flare.report(delivery, Outcome.DELIVERED);
        String key = delivery.subscriptionId() + "|" + delivery.documentUrl();
        inFlight.remove(key);
        subscriberHas.put(key, delivery.position());
        acknowledged.add(delivery);
    }

    private void record(List<Delivery> emitted) {
        for (Delivery delivery : emitted) {
            String key = delivery.subscriptionId() + "|" + delivery.documentUrl();
            assertThat(inFlight).as("one in flight for %s", key).doesNotContainKey(key);
            Position previous = lastEmitted.get(key);
            assertThat(delivery.position().isAfter(previous))
                    .as("%s emitted %s after %s", key, delivery.position(), previous)
                    .isTrue();
            Position has = subscriberHas.get(key);
            boolean hasLive = has != null && !has.deleted();
            if (delivery.action() == Action.CREATE) {
                assertThat(hasLive).as("create to %s holding %s", key, has).isFalse();
                assertThat(delivery.previousRevision()).isNull();
            } else {
                assertThat(hasLive)
                        .as("%s to %s holding %s", delivery.action(), key, has)
                        .isTrue();
                assertThat(delivery.previousRevision()).isEqualTo(has.revision());
            }
            lastEmitted.put(key, delivery.position());
            inFlight.put(key, delivery);
        }
    }
}
