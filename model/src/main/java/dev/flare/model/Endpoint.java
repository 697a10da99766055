package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Where and how a subscriber is called. {@code actions} overrides url, method or headers for one action; a
 * missing override field falls back to the endpoint's own.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Endpoint(
        String url, String method, Map<String, List<String>> headers, Map<Action, EndpointOverride> actions) {

    public Endpoint {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        actions = actions == null ? Map.of() : Map.copyOf(actions);
    }

    /** The url, method and headers to use for one action, overrides applied. */
    public EndpointOverride forAction(Action action) {
        EndpointOverride override = actions.get(action);
        if (override == null) {
            return new EndpointOverride(url, method, headers);
        }
        return new EndpointOverride(
                override.url() != null ? override.url() : url,
                override.method() != null ? override.method() : method,
                override.headers().isEmpty() ? headers : override.headers());
    }
}
