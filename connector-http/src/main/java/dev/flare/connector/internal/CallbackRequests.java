package dev.flare.connector.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flare.connector.RequestSigner;
import dev.flare.connector.SigningException;
import dev.flare.model.Action;
import dev.flare.model.ContentOptions;
import dev.flare.model.Delivery;
import dev.flare.model.EndpointOverride;
import dev.flare.model.Revisions;
import dev.flare.model.Subscription;
import dev.flare.model.config.FlareConfig;
import dev.flare.model.json.Json;
import dev.flare.model.json.RawJson;
import dev.flare.model.secret.SecretBox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Shapes the HTTP request of one delivery to one subscription (spec §5). Secret headers are opened with the operator's
 * {@link SecretBox} for each call, sent with every action and never kept or logged; a subscription whose secret
 * headers cannot be opened is not called.
 */
public final class CallbackRequests {

    private static final Pattern WILDCARD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final MediaType JSON = MediaType.get("application/json");
    private static final byte[] EMPTY = new byte[0];

    private final String userAgent;
    private final RequestSigner signer;
    private final Optional<SecretBox> box;
    private final Clock clock;

    /** @param box the operator's key ({@code flare.secret.key}) that opens secret headers, empty when none is set */
    public CallbackRequests(String userAgent, RequestSigner signer, Optional<SecretBox> box, Clock clock) {
        this.userAgent = userAgent;
        this.signer = signer;
        this.box = box;
        this.clock = clock;
    }

    /**
     * The request for {@code delivery}.
     *
     * @param wildcards the wildcard values of the document URL
     * @throws InvalidCallbackException when the subscription cannot be called (bad URL, method or header, a secret
     *     header that cannot be opened, or it must be signed and cannot be)
     */
    public Request build(Delivery delivery, Subscription subscription, Map<String, String> wildcards) {
        EndpointOverride endpoint = subscription.endpoint().forAction(delivery.action());
        String method = method(endpoint);
        HttpUrl url = url(endpoint, wildcards);
        boolean bodyless = method.equals("GET") || method.equals("HEAD");
        byte[] body = bodyless ? EMPTY : body(delivery, subscription, wildcards);
        Instant now = clock.instant();
        String webhookId = delivery.webhookId();
        Request.Builder builder = new Request.Builder().url(url);
        headers(builder, endpoint.headers());
        secretHeaders(builder, subscription.endpoint().sealedHeaders());
        if (body.length > 0) {
            builder.header("Content-Type", JSON.toString());
        }
        builder.header("User-Agent", userAgent)
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(now.getEpochSecond()));
        try {
            headers(builder, signer.headers(subscription, webhookId, now, body));
        } catch (SigningException e) {
            throw new InvalidCallbackException(e.getMessage());
        }
        RequestBody requestBody = bodyless ? null : RequestBody.create(body, body.length > 0 ? JSON : null);
        try {
            return builder.method(method, requestBody).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidCallbackException("the subscription's method '" + method + "' cannot be used");
        }
    }

    private static String method(EndpointOverride endpoint) {
        String method = endpoint.method();
        return method == null || method.isBlank() ? "POST" : method.trim().toUpperCase(Locale.ROOT);
    }

    private static HttpUrl url(EndpointOverride endpoint, Map<String, String> wildcards) {
        HttpUrl url = HttpUrl.parse(interpolate(endpoint.url() == null ? "" : endpoint.url(), wildcards, true));
        if (url == null) {
            throw new InvalidCallbackException("the subscription's callback URL is not a valid http(s) URL");
        }
        return url;
    }

    /** The body sent for {@code delivery}: the envelope, the document, or nothing (spec §5). */
    public static byte[] body(Delivery delivery, Subscription subscription, Map<String, String> wildcards) {
        ContentOptions content = subscription.content() == null ? ContentOptions.DEFAULT : subscription.content();
        boolean delete = delivery.action() == Action.DELETE;
        RawJson document = delivery.document();
        if (!content.envelope()) {
            return delete || document == null || document.isNull() ? EMPTY : document.toBytes();
        }
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("id", delivery.documentUrl());
        envelope.put("action", delivery.action().wireName());
        envelope.set("revision", Revisions.toJson(delivery.revision(), delivery.dateVersion()));
        if (delivery.action() != Action.CREATE && delivery.previousRevision() != null) {
            envelope.set("previousRevision", Revisions.toJson(delivery.previousRevision(), delivery.dateVersion()));
        }
        if (delivery.updatedAt() != null) {
            envelope.put("updatedAt", DateTimeFormatter.ISO_INSTANT.format(delivery.updatedAt()));
        }
        if (subscription.data() != null) {
            envelope.set("data", interpolate(subscription.data(), wildcards));
        }
        if (content.document() && !delete && document != null) {
            envelope.putPOJO("document", document);
        }
        return write(envelope);
    }

    static JsonNode interpolate(JsonNode node, Map<String, String> wildcards) {
        if (node.isTextual()) {
            return TextNode.valueOf(interpolate(node.textValue(), wildcards, false));
        }
        if (node.isObject()) {
            ObjectNode copy = Json.mapper().createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), interpolate(e.getValue(), wildcards)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(item -> copy.add(interpolate(item, wildcards)));
            return copy;
        }
        return node;
    }

    static String interpolate(String text, Map<String, String> wildcards, boolean pathSegment) {
        Matcher matcher = WILDCARD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = wildcards.get(matcher.group(1));
            String replacement = value == null ? matcher.group() : pathSegment ? encodeSegment(value) : value;
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String encodeSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void headers(Request.Builder builder, Map<String, ? extends Object> headers) {
        for (Map.Entry<String, ? extends Object> header : headers.entrySet()) {
            List<?> values = header.getValue() instanceof List<?> list ? list : List.of(header.getValue());
            for (Object value : values) {
                try {
                    builder.addHeader(header.getKey(), String.valueOf(value));
                } catch (IllegalArgumentException e) {
                    // Note: OkHttp's message quotes the value, which may be a secret; it is not kept.
                    throw new InvalidCallbackException("a subscription header has an invalid name or value");
                }
            }
        }
    }

    private void secretHeaders(Request.Builder builder, Map<String, String> sealed) {
        if (sealed.isEmpty()) {
            return;
        }
        if (box.isEmpty()) {
            throw new InvalidCallbackException(
                    "secret header key not configured: the subscription has secret headers but "
                            + FlareConfig.SECRET_KEY + " is not set");
        }
        for (Map.Entry<String, String> header : sealed.entrySet()) {
            String value;
            try {
                value = box.get().open(header.getValue());
            } catch (IllegalArgumentException e) {
                throw new InvalidCallbackException(
                        "secret header " + header.getKey() + " cannot be opened with the configured key");
            }
            try {
                builder.header(header.getKey(), value);
            } catch (IllegalArgumentException e) {
                // Note: OkHttp's message quotes the value, which is a secret; it is not kept.
                throw new InvalidCallbackException("a secret header of the subscription has an invalid name or value");
            }
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree cannot fail to serialize", e);
        }
    }
}
