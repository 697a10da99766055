package dev.flare.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flare.model.Action;
import dev.flare.model.Endpoint;
import dev.flare.model.EndpointOverride;
import dev.flare.model.template.UrlTemplate;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a subscription's {@code endpoint}: its url (an absolute http(s) URL using only the resource's
 * wildcards), method, headers, secret headers and per-action overrides. Header values never appear in messages.
 */
public final class EndpointRules {

    /** A {@code {wildcard}} reference in a URL or a data string. */
    public static final Pattern WILDCARD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public static final int MAX_HEADERS = 64;
    public static final int MAX_HEADER_NAME_LENGTH = 256;
    public static final int MAX_HEADER_VALUE_BYTES = 8 * 1024;

    private static final String DEFAULT_METHOD = "post";
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Set<String> RESERVED_HEADERS =
            Set.of("host", "content-length", "transfer-encoding", "connection");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private final List<String> wildcards;
    private final Fields fields;

    public EndpointRules(UrlTemplate resourceTemplate, Fields fields) {
        this.wildcards = resourceTemplate.wildcards();
        this.fields = fields;
    }

    /** The endpoint, or null when it is invalid (the errors are in {@code fields}). */
    public Endpoint endpoint(JsonNode node) {
        if (Fields.absent(node)) {
            fields.add("endpoint", "is required");
            return null;
        }
        if (!node.isObject()) {
            fields.add("endpoint", "must be an object");
            return null;
        }
        String url = url(node.get("url"), "endpoint.url");
        if (url == null && Fields.absent(node.get("url"))) {
            fields.add("endpoint.url", "is required");
        }
        String method = method(node.get("method"), "endpoint.method");
        Map<String, List<String>> headers = headers(node.get("headers"), "endpoint.headers");
        Map<Action, EndpointOverride> actions = actions(node.get("actions"));
        return new Endpoint(url, method == null ? DEFAULT_METHOD : method, headers, actions);
    }

    /**
     * The clear values of {@code endpoint.secretHeaders}, name to one value, checked like {@code endpoint.headers}
     * (they count toward the same {@link #MAX_HEADERS}) and refused when a name is also a plain header of the
     * endpoint or of an action override. The caller seals them before anything is written.
     *
     * @param node the {@code secretHeaders} field
     * @param endpoint the endpoint {@link #endpoint(JsonNode)} read from the same object
     */
    public Map<String, String> secretHeaders(JsonNode node, Endpoint endpoint) {
        String field = "endpoint.secretHeaders";
        Map<String, String> secrets = new LinkedHashMap<>();
        if (Fields.absent(node)) {
            return secrets;
        }
        if (!node.isObject()) {
            fields.add(field, "must be an object of header names to values");
            return secrets;
        }
        if (!node.isEmpty() && endpoint.headers().size() + node.size() > MAX_HEADERS) {
            fields.add(field, "must have at most " + MAX_HEADERS + " headers together with endpoint.headers");
        }
        Map<String, String> plain = plainHeaderFields(endpoint);
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            String path = field + "." + name;
            String alsoIn = plain.get(name.toLowerCase(Locale.ROOT));
            if (checkHeaderName(name, path, seen) && alsoIn != null) {
                fields.add(path, "is also given in " + alsoIn + "; a header is either secret or not");
            }
            JsonNode value = entry.getValue();
            if (Fields.absent(value) || !value.isTextual()) {
                fields.add(path, "must be a string");
            } else if (checkHeaderValue(value.textValue(), path)) {
                secrets.put(name, value.textValue());
            }
        }
        return secrets;
    }

    /** Every plain header name of {@code endpoint}, lower case, to the first field that gives it. */
    private static Map<String, String> plainHeaderFields(Endpoint endpoint) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String name : endpoint.headers().keySet()) {
            names.putIfAbsent(name.toLowerCase(Locale.ROOT), "endpoint.headers");
        }
        for (Map.Entry<Action, EndpointOverride> action : endpoint.actions().entrySet()) {
            String field = "endpoint.actions." + action.getKey().wireName() + ".headers";
            for (String name : action.getValue().headers().keySet()) {
                names.putIfAbsent(name.toLowerCase(Locale.ROOT), field);
            }
        }
        return names;
    }

    /** Whether {@code text} uses only wildcards of the resource template; records one error per unknown one. */
    public void checkWildcards(String text, String field) {
        Matcher matcher = WILDCARD.matcher(text);
        while (matcher.find()) {
            if (!wildcards.contains(matcher.group(1))) {
                fields.add(
                        field,
                        "uses {" + matcher.group(1) + "}, which is not a wildcard of the resource template"
                                + (wildcards.isEmpty()
                                        ? " (it has none)"
                                        : " (it has {" + String.join("}, {", wildcards) + "})"));
            }
        }
    }

    private Map<Action, EndpointOverride> actions(JsonNode node) {
        Map<Action, EndpointOverride> actions = new EnumMap<>(Action.class);
        if (Fields.absent(node)) {
            return actions;
        }
        if (!node.isObject()) {
            fields.add("endpoint.actions", "must be an object");
            return actions;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String path = "endpoint.actions." + entry.getKey();
            Action action = action(entry.getKey());
            if (action == null) {
                fields.add(path, "is not an action; use create, update or delete");
                continue;
            }
            JsonNode override = entry.getValue();
            if (Fields.absent(override)) {
                continue;
            }
            if (!override.isObject()) {
                fields.add(path, "must be an object");
                continue;
            }
            actions.put(
                    action,
                    new EndpointOverride(
                            url(override.get("url"), path + ".url"),
                            method(override.get("method"), path + ".method"),
                            headers(override.get("headers"), path + ".headers")));
        }
        return actions;
    }

    private static Action action(String name) {
        for (Action action : Action.values()) {
            if (action.wireName().equals(name.toLowerCase(Locale.ROOT))) {
                return action;
            }
        }
        return null;
    }

    private String url(JsonNode node, String field) {
        String url = fields.text(node, field);
        if (url == null) {
            return null;
        }
        if (url.length() > UrlTemplate.MAX_URL_LENGTH) {
            fields.add(field, "is longer than " + UrlTemplate.MAX_URL_LENGTH + " characters");
            return url;
        }
        checkWildcards(url, field);
        String concrete = WILDCARD.matcher(url).replaceAll("x");
        if (concrete.indexOf('{') >= 0 || concrete.indexOf('}') >= 0) {
            fields.add(field, "braces must enclose a wildcard name, like {id}");
            return url;
        }
        checkUri(concrete, field);
        return url;
    }

    private void checkUri(String concrete, String field) {
        URI uri;
        try {
            uri = new URI(concrete);
        } catch (URISyntaxException e) {
            fields.add(field, "is not a valid URL: " + e.getReason());
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            fields.add(field, "must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            fields.add(field, "must not carry user information; send credentials in a header");
        }
        if (uri.getRawFragment() != null) {
            fields.add(field, "must not have a fragment");
        }
    }

    private String method(JsonNode node, String field) {
        String method = fields.text(node, field);
        if (method == null) {
            return null;
        }
        String lower = method.toLowerCase(Locale.ROOT);
        if (!METHODS.contains(lower)) {
            fields.add(field, "must be one of get, post, put, patch, delete");
        }
        return lower;
    }

    private Map<String, List<String>> headers(JsonNode node, String field) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (Fields.absent(node)) {
            return headers;
        }
        if (!node.isObject()) {
            fields.add(field, "must be an object of header names to lists of values");
            return headers;
        }
        if (node.size() > MAX_HEADERS) {
            fields.add(field, "must have at most " + MAX_HEADERS + " headers");
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            String path = field + "." + name;
            checkHeaderName(name, path, seen);
            headers.put(name, headerValues(entry.getValue(), path));
        }
        return headers;
    }

    /** Whether {@code name} is a valid header name not yet in {@code seen}; records the error when not. */
    private boolean checkHeaderName(String name, String path, Set<String> seen) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.length() > MAX_HEADER_NAME_LENGTH) {
            fields.add(path, "header name is longer than " + MAX_HEADER_NAME_LENGTH + " characters");
        } else if (!TOKEN.matcher(name).matches()) {
            fields.add(path, "is not a valid HTTP header name");
        } else if (RESERVED_HEADERS.contains(lower) || lower.startsWith("webhook-")) {
            fields.add(path, "is set by Flare and cannot be configured");
        } else if (!seen.add(lower)) {
            fields.add(path, "is given more than once (header names are case-insensitive)");
        } else {
            return true;
        }
        return false;
    }

    private List<String> headerValues(JsonNode node, String path) {
        if (Fields.absent(node) || !node.isArray() || node.isEmpty()) {
            fields.add(path, "must be a non-empty list of strings");
            return List.of();
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode value = node.get(i);
            String valuePath = path + "[" + i + "]";
            if (!value.isTextual()) {
                fields.add(valuePath, "must be a string");
            } else {
                checkHeaderValue(value.textValue(), valuePath);
            }
        }
        return node.valueStream().map(JsonNode::asText).toList();
    }

    /** Whether {@code value} may be sent as a header value; records the error (never the value) when not. */
    private boolean checkHeaderValue(String value, String path) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            fields.add(path, "must not contain CR, LF or NUL");
        } else if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
            fields.add(path, "must contain only printable ASCII characters, spaces and tabs");
        } else if (value.getBytes(StandardCharsets.UTF_8).length > MAX_HEADER_VALUE_BYTES) {
            fields.add(path, "is longer than " + MAX_HEADER_VALUE_BYTES + " bytes");
        } else {
            return true;
        }
        return false;
    }
}
