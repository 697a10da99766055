package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The per-action part of an {@link Endpoint}; null fields mean "as the endpoint". */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EndpointOverride(String url, String method, Map<String, List<String>> headers) {

    public EndpointOverride {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
