package dev.flare.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryCountersTest {

    private static final String BEFORE = """
            # HELP flare_deliveries_total Delivery attempts by how they ended
            # TYPE flare_deliveries_total counter
            flare_deliveries_total{lane="main",outcome="delivered"} 10.0
            flare_deliveries_total{lane="retry-1s",outcome="delivered"} 2.0
            flare_deliveries_deferred_total{lane="main",reason="concurrency"} 3.0
            flare_ingest_documents_accepted_total{operation="put"} 12.0
            flare_deliveries_in_flight{lane="main"} 7.0
            """;

    private static final String AFTER = """
            flare_deliveries_total{lane="main",outcome="delivered"} 110.0
            flare_deliveries_total{lane="retry-1s",outcome="delivered"} 2.0
            flare_deliveries_total{lane="main",outcome="retried"} 4.0
            flare_deliveries_deferred_total{lane="main",reason="concurrency"} 9.0
            flare_retry_hops_total{lane="retry-5s"} 1.0
            flare_ingest_documents_accepted_total{operation="put"} 112.0
            flare_ingest_documents_accepted_total{operation="put-known"} 5.0
            flare_deliveries_in_flight{lane="main"} 0.0
            flare_delivery_attempt_seconds_count{lane="main",outcome="delivered"} 40.0
            flare_delivery_attempt_seconds_sum{lane="main",outcome="delivered"} 1.25
            flare_delivery_attempt_seconds_count{lane="retry-1s",outcome="delivered"} 10.0
            flare_delivery_attempt_seconds_sum{lane="retry-1s",outcome="delivered"} 0.5
            flare_delivery_attempt_seconds_bucket{lane="main",outcome="delivered",le="0.001"} 3.0
            """;

    @Test
    void sumsCountersOverLanesByTheirDistinguishingTag() {
        assertEquals(
                Map.of(
                        "flare_deliveries_total.delivered", 12L,
                        "flare_deliveries_deferred_total.concurrency", 3L,
                        "flare_ingest_documents_accepted_total.put", 12L),
                DeliveryCounters.parse(BEFORE));
    }

    @Test
    void deltaKeepsOnlyWhatChangedDuringTheRun() {
        assertEquals(
                Map.of(
                        "flare_deliveries_total.delivered", 100L,
                        "flare_deliveries_total.retried", 4L,
                        "flare_deliveries_deferred_total.concurrency", 6L,
                        "flare_retry_hops_total", 1L,
                        "flare_ingest_documents_accepted_total.put", 100L,
                        "flare_ingest_documents_accepted_total.put-known", 5L,
                        "flare_delivery_attempt_count.delivered", 50L,
                        "flare_delivery_attempt_millis_sum.delivered", 1750L),
                DeliveryCounters.delta(DeliveryCounters.parse(BEFORE), DeliveryCounters.parse(AFTER)));
    }
}
