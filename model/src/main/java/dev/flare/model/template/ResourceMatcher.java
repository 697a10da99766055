package dev.flare.model.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the resource a document URL belongs to. Templates are indexed by origin and segment count, so a lookup
 * compares only the few templates that could match; when several do, the one with the most literal segments wins.
 *
 * @param <R> what a template stands for (a resource)
 */
public final class ResourceMatcher<R> {

    /** A template match: the resource and the wildcard values taken from the URL. */
    public record Match<R>(R resource, UrlTemplate template, Map<String, String> wildcards) {}

    private record Entry<R>(UrlTemplate template, R resource) {}

    private final Map<String, List<Entry<R>>> byShape = new ConcurrentHashMap<>();

    public void add(UrlTemplate template, R resource) {
        byShape.compute(bucket(template.origin(), template.segmentCount()), (key, entries) -> {
            List<Entry<R>> updated = entries == null ? new ArrayList<>() : new ArrayList<>(entries);
            updated.add(new Entry<>(template, resource));
            updated.sort(Comparator.comparingInt((Entry<R> e) -> e.template().literalCount())
                    .reversed());
            return List.copyOf(updated);
        });
    }

    public void remove(UrlTemplate template) {
        byShape.computeIfPresent(bucket(template.origin(), template.segmentCount()), (key, entries) -> {
            List<Entry<R>> updated = entries.stream()
                    .filter(e -> !e.template().text().equals(template.text()))
                    .toList();
            return updated.isEmpty() ? null : updated;
        });
    }

    public Optional<Match<R>> match(DocumentUrl url) {
        List<Entry<R>> candidates =
                byShape.get(bucket(url.origin(), url.segments().size()));
        if (candidates == null) {
            return Optional.empty();
        }
        for (Entry<R> entry : candidates) {
            Optional<Map<String, String>> wildcards = entry.template().match(url);
            if (wildcards.isPresent()) {
                return Optional.of(new Match<>(entry.resource(), entry.template(), wildcards.get()));
            }
        }
        return Optional.empty();
    }

    private static String bucket(String origin, int segments) {
        return origin + "#" + segments;
    }
}
