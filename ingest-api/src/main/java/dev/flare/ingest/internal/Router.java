package dev.flare.ingest.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The route table. Templates are matched segment by segment on the raw path; a prefix route takes everything after
 * its prefix. An unknown path is a 404, a known path with another method a 405 naming the allowed ones.
 */
public final class Router {

    private record Route(
            String method, String template, List<String> segments, String prefix, boolean tail, RouteHandler handler) {

        /** The path's parameters if this route matches it, else null; {@code actual} is the path split once. */
        Map<String, String> match(String path, List<String> actual) {
            if (prefix != null) {
                return path.startsWith(prefix) ? Map.of() : null;
            }
            if (tail ? actual.size() < segments.size() : actual.size() != segments.size()) {
                return null;
            }
            if (tail) {
                int fixed = segments.size() - 1;
                Map<String, String> params = match(actual.subList(0, fixed), segments.subList(0, fixed));
                if (params != null) {
                    params.put(TAIL, String.join("/", actual.subList(fixed, actual.size())));
                }
                return params;
            }
            return match(actual, segments);
        }

        private static Map<String, String> match(List<String> actual, List<String> segments) {
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String expected = segments.get(i);
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    if (actual.get(i).isEmpty()) {
                        return null;
                    }
                    params.put(expected.substring(1, expected.length() - 1), actual.get(i));
                } else if (!expected.equals(actual.get(i))) {
                    return null;
                }
            }
            return params;
        }
    }

    /** The path parameter holding the rest of the path in a {@link #addTail} route, raw (not decoded). */
    public static final String TAIL = "documentURL";

    /** The outcome of routing: a handler with its path parameters, and the route template for metrics. */
    public record Resolution(String template, RouteHandler handler, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, RouteHandler handler) {
        routes.add(new Route(method, template, split(template), null, false, handler));
        return this;
    }

    /**
     * A route whose last segment, {@code {documentURL}}, takes the rest of the path, slashes included (parameter
     * {@value #TAIL}).
     */
    public Router addTail(String method, String template, RouteHandler handler) {
        if (!template.endsWith("/{" + TAIL + "}")) {
            throw new IllegalArgumentException("a tail route ends with /{" + TAIL + "}: " + template);
        }
        routes.add(new Route(method, template, split(template), null, true, handler));
        return this;
    }

    /** A route for every path starting with {@code prefix}; its metrics template is {@code prefix + "{url}"}. */
    public Router addPrefix(String method, String prefix, RouteHandler handler) {
        routes.add(new Route(method, prefix + "{" + TAIL + "}", List.of(), prefix, false, handler));
        return this;
    }

    /** Wraps the handler of every route added so far, e.g. to refuse them all while something is not ready. */
    public Router guardAll(UnaryOperator<RouteHandler> guard) {
        routes.replaceAll(
                r -> new Route(r.method(), r.template(), r.segments(), r.prefix(), r.tail(), guard.apply(r.handler())));
        return this;
    }

    /**
     * Finds the handler for a request.
     *
     * @throws ProblemException 404 when no route has this path, 405 when none has this method; the exception's
     *     {@code Allow} header lists the methods that do
     */
    public Resolution resolve(String method, String rawPath) {
        TreeSet<String> allowed = new TreeSet<>();
        List<String> actual = split(rawPath);
        for (Route route : routes) {
            Map<String, String> params = route.match(rawPath, actual);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Resolution(route.template(), route.handler(), params);
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw ProblemException.notFound("No route matches this path.");
        }
        throw ProblemException.methodNotAllowed(String.join(", ", allowed));
    }

    /** The template of the route a path belongs to, whatever the method; {@code unmatched} when none. */
    public String templateOf(String rawPath) {
        List<String> actual = split(rawPath);
        for (Route route : routes) {
            if (route.match(rawPath, actual) != null) {
                return route.template();
            }
        }
        return "unmatched";
    }

    private static List<String> split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return List.of(trimmed.split("/", -1));
    }
}
