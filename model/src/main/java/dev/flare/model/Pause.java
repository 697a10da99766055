package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Why deliveries to a subscription are on hold, for example after its endpoint answered 410 Gone. Deliveries wait
 * (nothing is dropped) until the subscription is resumed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Pause(String reason, Integer status, Instant at) {}
