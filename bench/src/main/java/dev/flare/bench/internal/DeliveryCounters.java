package dev.flare.bench.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the counters that say where a run's work went (written or answered from memory, delivered, deferred to a
 * retry tier and why, hopped, dead-lettered) from Flare's Prometheus text, summed over lanes.
 */
final class DeliveryCounters {

    /** The counters read, each keyed by its name plus the value of its one distinguishing tag. */
    private static final Map<String, String> NAMES = Map.of(
            "flare_ingest_documents_accepted_total", "operation",
            "flare_deliveries_total", "outcome",
            "flare_deliveries_deferred_total", "reason",
            "flare_retry_hops_total", "",
            "flare_dead_letters_total", "");

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
            String tag = NAMES.get(m.group(1));
            String key = m.group(1) + (tag.isEmpty() ? "" : "." + tagValue(m.group(2), tag));
            counts.merge(key, (long) Double.parseDouble(m.group(3)), Long::sum);
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
