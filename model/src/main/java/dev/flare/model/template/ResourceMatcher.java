package dev.flare.model.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds the resource a document URL belongs to. Templates are grouped by origin and segment count, and each group is
 * a tree over path segments, so a lookup costs about the URL's length however many resources there are. When several
 * templates match, the one with the most literal segments wins, then the one added first.
 *
 * @param <R> what a template stands for (a resource)
 */
public final class ResourceMatcher<R> {

    /** A template match: the resource and the wildcard values taken from the URL. */
    public record Match<R>(R resource, UrlTemplate template, Map<String, String> wildcards) {}

    private record Shape(String origin, int segments) {}

    private record Group<R>(List<TemplateTree.Entry<R>> entries, TemplateTree<R> tree) {

        static <R> Group<R> of(List<TemplateTree.Entry<R>> entries) {
            return new Group<>(List.copyOf(entries), new TemplateTree<>(entries));
        }
    }

    private final Map<Shape, Group<R>> groups = new ConcurrentHashMap<>();
    private final AtomicLong added = new AtomicLong();

    public void add(UrlTemplate template, R resource) {
        TemplateTree.Entry<R> entry = new TemplateTree.Entry<>(template, resource, added.getAndIncrement());
        groups.compute(new Shape(template.origin(), template.segmentCount()), (shape, group) -> {
            List<TemplateTree.Entry<R>> entries = group == null ? new ArrayList<>() : new ArrayList<>(group.entries());
            entries.add(entry);
            return Group.of(entries);
        });
    }

    public void remove(UrlTemplate template) {
        groups.computeIfPresent(new Shape(template.origin(), template.segmentCount()), (shape, group) -> {
            List<TemplateTree.Entry<R>> entries = group.entries().stream()
                    .filter(e -> !e.template().text().equals(template.text()))
                    .toList();
            return entries.isEmpty() ? null : Group.of(entries);
        });
    }

    public Optional<Match<R>> match(DocumentUrl url) {
        Group<R> group = groups.get(new Shape(url.origin(), url.segments().size()));
        TemplateTree.Entry<R> best = group == null ? null : group.tree().best(url.segments());
        if (best == null) {
            return Optional.empty();
        }
        return best.template().match(url).map(wildcards -> new Match<>(best.resource(), best.template(), wildcards));
    }
}
