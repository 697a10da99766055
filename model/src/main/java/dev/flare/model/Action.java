package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a delivery tells the subscriber happened to the document (spec §3 I4). */
public enum Action {
    CREATE,
    UPDATE,
    DELETE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Action fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
