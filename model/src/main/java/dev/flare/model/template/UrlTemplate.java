package dev.flare.model.template;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource's document URL template, {@code http://api.company.com/users/{id}}: an absolute http(s) URL whose path
 * segments are literals or whole-segment wildcards. Matching compares scheme, host, port and path segments.
 */
public final class UrlTemplate {

    /** Longest URL, template or document, that Flare accepts. */
    public static final int MAX_URL_LENGTH = 2048;

    private static final Pattern WILDCARD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String text;
    private final String origin;
    private final List<String> segments;
    private final int literalCount;

    private UrlTemplate(String text, String origin, List<String> segments) {
        this.text = text;
        this.origin = origin;
        this.segments = segments;
        this.literalCount = (int) segments.stream().filter(s -> !isWildcard(s)).count();
    }

    /**
     * Parses a resource endpoint template.
     *
     * @throws InvalidTemplateException naming every problem found
     */
    public static UrlTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new InvalidTemplateException(List.of("is required"));
        }
        if (template.length() > MAX_URL_LENGTH) {
            throw new InvalidTemplateException(List.of("is longer than " + MAX_URL_LENGTH + " characters"));
        }
        URI uri;
        try {
            uri = new URI(template.replace("{", "%7B").replace("}", "%7D"));
        } catch (URISyntaxException e) {
            throw new InvalidTemplateException(List.of("is not a valid URL: " + e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>(checkOrigin(uri, scheme));
        String upper = template.toUpperCase(Locale.ROOT);
        if (upper.contains("%7B") || upper.contains("%7D")) {
            // Note: braces are percent-encoded internally to mark wildcards, so encoded ones would pass for them.
            problems.add("must write wildcards as {name}, not with percent-encoded braces");
        }
        List<String> segments = splitPath(uri.getRawPath() == null ? "" : uri.getRawPath());
        checkWildcards(segments, problems);
        if (!problems.isEmpty()) {
            throw new InvalidTemplateException(problems);
        }
        return new UrlTemplate(template, originOf(scheme, uri.getHost(), uri.getPort()), segments);
    }

    private static List<String> checkOrigin(URI uri, String scheme) {
        List<String> problems = new ArrayList<>();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            problems.add("must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            problems.add("must have a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add("must not have a query or fragment");
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("must not carry user information");
        }
        return problems;
    }

    private static void checkWildcards(List<String> segments, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (String segment : segments) {
            boolean braces = segment.contains("%7B") || segment.contains("%7D");
            if (!braces) {
                continue;
            }
            String decoded = segment.replace("%7B", "{").replace("%7D", "}");
            Matcher matcher = WILDCARD.matcher(decoded);
            if (!matcher.matches()) {
                problems.add("wildcard '" + decoded + "' must be a whole path segment like {id}");
            } else if (!seen.add(matcher.group(1))) {
                problems.add("wildcard {" + matcher.group(1) + "} appears more than once");
            }
        }
    }

    /** The names of this template's wildcards, in path order. */
    public List<String> wildcards() {
        return segments.stream()
                .filter(UrlTemplate::isWildcard)
                .map(UrlTemplate::wildcardName)
                .toList();
    }

    /** Scheme, host and port, normalized: the part a document URL must equal exactly. */
    public String origin() {
        return origin;
    }

    /** A key that is the same for templates that match the same URLs, whatever their wildcards are called. */
    public String shapeKey() {
        StringBuilder key = new StringBuilder(origin);
        for (String segment : segments) {
            key.append('/').append(isWildcard(segment) ? "{}" : segment);
        }
        return key.toString();
    }

    public int segmentCount() {
        return segments.size();
    }

    /** How many path segments are literals: the more, the more specific the template. */
    public int literalCount() {
        return literalCount;
    }

    public String text() {
        return text;
    }

    /** The wildcard values when {@code url} is one of this template's documents. */
    public Optional<Map<String, String>> match(DocumentUrl url) {
        if (!origin.equals(url.origin()) || segments.size() != url.segments().size()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String actual = url.segments().get(i);
            if (isWildcard(expected)) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                values.put(wildcardName(expected), decode(actual));
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    static String originOf(String scheme, String host, int port) {
        int effectivePort = port != -1 ? port : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + effectivePort;
    }

    static List<String> splitPath(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.isEmpty()) {
            return List.of();
        }
        return List.of(path.split("/", -1));
    }

    /** The raw path segments; a wildcard is written {@code %7Bname%7D}. */
    List<String> segments() {
        return segments;
    }

    static boolean isWildcard(String segment) {
        return segment.startsWith("%7B") && segment.endsWith("%7D");
    }

    private static String wildcardName(String segment) {
        return segment.substring(3, segment.length() - 3);
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text;
    }
}
