package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Where and how a subscriber is called. {@code actions} overrides url, method or headers for one action; a
 * missing override field falls back to the endpoint's own.
 *
 * @param sealedHeaders the headers whose values were marked secret, name to value sealed with the operator's key (see
 *     {@link dev.flare.model.secret.SecretBox}); sent with every action, overrides or not, and never in clear text
 *     outside a callback. Records written before secret headers existed have none.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Endpoint(
        String url,
        String method,
        Map<String, List<String>> headers,
        Map<Action, EndpointOverride> actions,
        Map<String, String> sealedHeaders) {

    public Endpoint {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        actions = actions == null ? Map.of() : Map.copyOf(actions);
        sealedHeaders = sealedHeaders == null ? Map.of() : Map.copyOf(sealedHeaders);
    }

    /** An endpoint without secret headers. */
    public Endpoint(
            String url, String method, Map<String, List<String>> headers, Map<Action, EndpointOverride> actions) {
        this(url, method, headers, actions, Map.of());
    }

    /** The same endpoint with other secret headers, name to sealed value. */
    public Endpoint withSealedHeaders(Map<String, String> sealed) {
        return new Endpoint(url, method, headers, actions, sealed);
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
