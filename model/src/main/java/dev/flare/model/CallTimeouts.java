package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * A subscription's own timeouts ({@code delivery.timeouts}), as {@code 5s}; null keeps the connector's default.
 *
 * @param connect the longest wait for a connection to the subscriber
 * @param call the longest a whole callback may take, connection, request and response included
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallTimeouts(String connect, String call) {

    public static final Duration SHORTEST = Duration.ofMillis(100);
    public static final Duration LONGEST_CONNECT = Duration.ofSeconds(30);
    public static final Duration LONGEST_CALL = Duration.ofSeconds(60);
}
