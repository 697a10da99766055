package dev.flare.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flare.bench.internal.Documents.Change;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupeChangesTest {

    @Test
    void shouldSendOneNewVersionInTenAndOtherwiseRepeatsOrVersionsUpToTwoOlder() {
        DedupeChanges changes = new DedupeChanges("ns", 40);
        Map<Long, Long> newest = new HashMap<>();
        int newer = 0;
        int repeats = 0;
        int older = 0;
        for (int i = 0; i < 10_000; i++) {
            Change change = changes.next();
            long known = newest.getOrDefault(change.n(), 0L);
            if (change.version() > known) {
                assertThat(change.version()).isEqualTo(known + 1);
                newest.put(change.n(), change.version());
                newer++;
            } else if (change.version() == known) {
                repeats++;
            } else {
                assertThat(known - change.version()).isLessThanOrEqualTo(2);
                older++;
            }
        }

        assertThat(newer).isEqualTo(1_000);
        assertThat(changes.fresh()).isEqualTo(1_000);
        assertThat(changes.sent()).isEqualTo(10_000);
        assertThat(repeats).isPositive();
        assertThat(older).isPositive();
        assertThat(changes.newest()).hasSize(40).containsOnly(25L);
    }
}
