package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a delivery ended, as the connector reports it back to the topology. */
public enum Outcome {
    /** An attempt failed and the delivery waits for its next one: still in flight, not final. */
    RETRYING,
    /** The subscriber answered a success status: it has this version. */
    DELIVERED,
    /** The subscriber answered a discard status: dropped for good, recorded. */
    DISCARDED,
    /** Retries ran out: the delivery is in the dead-letter topic. */
    DEAD_LETTERED,
    /** The subscription was deleted before the delivery could be made. */
    DROPPED;

    /** Whether the delivery is over: every outcome but {@link #RETRYING}. */
    public boolean isFinal() {
        return this != RETRYING;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Outcome fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
