package dev.flare.bench.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the counters that say where a run's work went (written or answered from memory, delivered, deferred to a
 * retry tier and why, hopped, dead-lettered) and how long callbacks took (count and total milliseconds by outcome)
 * from Flare's Prometheus text, summed over lanes.
 */
final class DeliveryCounters {

    private record Counter(String tag, String key, double scale) {}

    /**
     * The counters read, each keyed by its name (or the key given here) plus the value of its one distinguishing tag.
     */
    private static final Map<String, Counter> NAMES = Map.of(
            "flare_ingest_documents_accepted_total", new Counter("operation", null, 1),
            "flare_deliveries_total", new Counter("outcome", null, 1),
            "flare_deliveries_deferred_total", new Counter("reason", null, 1),
            "flare_retry_hops_total", new Counter("", null, 1),
            "flare_dead_letters_total", new Counter("", null, 1),
            "flare_delivery_attempt_seconds_count", new Counter("outcome", "flare_delivery_attempt_count", 1),
            "flare_delivery_attempt_seconds_sum", new Counter("outcome", "flare_delivery_attempt_millis_sum", 1000));

    private static final Pattern LINE = Pattern.compile("^([a-z_]+)(?:\\{([^}]*)})? ([0-9.eE+-]+)$");
    private static final Pattern TAG = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    private DeliveryCounters() {}

    static Map<String, Long> parse(String prometheusText) {
        Map<String, Long> counts = new TreeMap<>();
        prometheusText.lines().forEach(line -> {
            Matcher m = LINE.matcher(line);
            if (!m.matches() || !NAMES.containsKey(m.group(1))) {
                return;
            }
            Counter counter = NAMES.get(m.group(1));
            String name = counter.key() != null ? counter.key() : m.group(1);
            String key = name + (counter.tag().isEmpty() ? "" : "." + tagValue(m.group(2), counter.tag()));
            counts.merge(key, Math.round(Double.parseDouble(m.group(3)) * counter.scale()), Long::sum);
        });
        return counts;
    }

    /** {@code after − before} per key, keys with no change left out. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((key, value) -> {
            long change = value - before.getOrDefault(key, 0L);
            if (change != 0) {
                delta.put(key, change);
            }
        });
        return delta;
    }

    private static String tagValue(String tags, String name) {
        if (tags == null) {
            return "none";
        }
        Matcher m = TAG.matcher(tags);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return "none";
    }
}
