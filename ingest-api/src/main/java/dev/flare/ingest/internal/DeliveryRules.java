package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.CallTimeouts;
import dev.flare.model.DeliveryPolicy;
import dev.flare.model.Durations;
import dev.flare.model.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Validates a subscription's {@code delivery} object: status lists, retry schedule, timeouts and limits. */
final class DeliveryRules {

    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 599;
    private static final int MAX_DELAYS = 50;

    private DeliveryRules() {}

    static DeliveryPolicy delivery(JsonNode node, Fields fields) {
        if (Fields.absent(node)) {
            return DeliveryPolicy.DEFAULT;
        }
        if (!node.isObject()) {
            fields.add("delivery", "must be an object");
            return DeliveryPolicy.DEFAULT;
        }
        List<Integer> success = statuses(node.get("success"), "delivery.success", fields);
        List<Integer> discard = statuses(node.get("discard"), "delivery.discard", fields);
        for (int i = 0; i < discard.size(); i++) {
            Integer status = discard.get(i);
            if (status != null && success.contains(status)) {
                fields.add("delivery.discard[" + i + "]", "status " + status + " is also in delivery.success");
            }
        }
        Integer maxConcurrency =
                integer(node.get("maxConcurrency"), "delivery.maxConcurrency", DeliveryPolicy.MAX_CONCURRENCY, fields);
        Double maxPerSecond = rate(node.get("maxPerSecond"), fields);
        return new DeliveryPolicy(
                success.stream().filter(Objects::nonNull).toList(),
                discard.stream().filter(Objects::nonNull).toList(),
                retry(node.get("retry"), fields),
                timeouts(node.get("timeouts"), fields),
                maxConcurrency,
                maxPerSecond);
    }

    private static List<Integer> statuses(JsonNode node, String field, Fields fields) {
        List<Integer> statuses = new ArrayList<>();
        if (Fields.absent(node)) {
            return statuses;
        }
        if (!node.isArray()) {
            fields.add(field, "must be a list of status codes");
            return statuses;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode status = node.get(i);
            if (status.isIntegralNumber()
                    && status.canConvertToInt()
                    && status.intValue() >= MIN_STATUS
                    && status.intValue() <= MAX_STATUS) {
                statuses.add(status.intValue());
            } else {
                fields.add(field + "[" + i + "]", "must be an HTTP status code from 100 to 599");
                statuses.add(null);
            }
        }
        return statuses;
    }

    private static RetryPolicy retry(JsonNode node, Fields fields) {
        if (Fields.absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            fields.add("delivery.retry", "must be an object");
            return null;
        }
        Integer maxAttempts =
                integer(node.get("maxAttempts"), "delivery.retry.maxAttempts", RetryPolicy.MAX_ATTEMPTS, fields);
        List<String> delays = new ArrayList<>();
        JsonNode list = node.get("delays");
        if (!Fields.absent(list)) {
            if (!list.isArray() || list.size() > MAX_DELAYS) {
                fields.add("delivery.retry.delays", "must be a list of at most " + MAX_DELAYS + " durations");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    String field = "delivery.retry.delays[" + i + "]";
                    Duration delay =
                            duration(list.get(i), field, RetryPolicy.SHORTEST_DELAY, RetryPolicy.LONGEST_DELAY, fields);
                    if (delay != null) {
                        delays.add(Durations.format(delay));
                    }
                }
            }
        }
        return new RetryPolicy(maxAttempts, delays);
    }

    private static CallTimeouts timeouts(JsonNode node, Fields fields) {
        if (Fields.absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            fields.add("delivery.timeouts", "must be an object");
            return null;
        }
        Duration connect = duration(
                node.get("connect"),
                "delivery.timeouts.connect",
                CallTimeouts.SHORTEST,
                CallTimeouts.LONGEST_CONNECT,
                fields);
        Duration call = duration(
                node.get("call"), "delivery.timeouts.call", CallTimeouts.SHORTEST, CallTimeouts.LONGEST_CALL, fields);
        if (connect != null && call != null && connect.compareTo(call) > 0) {
            fields.add("delivery.timeouts.connect", "must not be longer than delivery.timeouts.call");
        }
        return new CallTimeouts(
                connect == null ? null : Durations.format(connect), call == null ? null : Durations.format(call));
    }

    private static Duration duration(JsonNode node, String field, Duration min, Duration max, Fields fields) {
        if (Fields.absent(node)) {
            return null;
        }
        String bounds = "from " + Durations.format(min) + " to " + Durations.format(max);
        if (!node.isTextual()) {
            fields.add(field, "must be a duration like 500ms, 5s, 2m or 1h, " + bounds);
            return null;
        }
        try {
            Duration duration = Durations.parse(node.textValue());
            if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                fields.add(field, "must be " + bounds);
                return null;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            fields.add(field, "must be a duration like 500ms, 5s, 2m or 1h, " + bounds);
            return null;
        }
    }

    private static Integer integer(JsonNode node, String field, int max, Fields fields) {
        if (Fields.absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > max) {
            fields.add(field, "must be a whole number from 1 to " + max);
            return null;
        }
        return node.intValue();
    }

    private static Double rate(JsonNode node, Fields fields) {
        if (Fields.absent(node)) {
            return null;
        }
        if (!node.isNumber() || !(node.doubleValue() > 0) || node.doubleValue() > DeliveryPolicy.MAX_PER_SECOND) {
            fields.add(
                    "delivery.maxPerSecond",
                    "must be a number above 0 and at most " + (long) DeliveryPolicy.MAX_PER_SECOND);
            return null;
        }
        return node.doubleValue();
    }
}
