package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * A subscription's own retry schedule ({@code delivery.retry}), replacing the connector's default one.
 *
 * @param maxAttempts attempts in all, the first included; null means one more than there are delays
 * @param delays the wait before each retry as {@code 5s}, {@code 2m}, {@code 1h}; the last one repeats when there
 *     are more retries than delays; null or empty means the connector's default delays
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RetryPolicy(Integer maxAttempts, List<String> delays) {

    public static final int MAX_ATTEMPTS = 50;
    public static final Duration SHORTEST_DELAY = Duration.ofSeconds(1);
    public static final Duration LONGEST_DELAY = Duration.ofHours(24);

    public RetryPolicy {
        delays = delays == null ? List.of() : List.copyOf(delays);
    }

    /** The delays, parsed; the ingest API only stores valid ones. */
    @JsonIgnore
    public List<Duration> delayDurations() {
        return delays.stream().map(Durations::parse).toList();
    }
}
