package dev.flare.model.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The templates of one origin and segment count as a tree over their path segments. A lookup follows the URL's
 * segments down literal and wildcard branches and visits each node at most once, so with many templates it costs
 * about the URL's length rather than the number of templates. Immutable: a change builds a new tree.
 */
final class TemplateTree<R> {

    /** A template with what it stands for; {@code order} breaks ties between equally specific templates. */
    record Entry<R>(UrlTemplate template, R resource, long order) {

        boolean beats(Entry<R> other) {
            int literals = Integer.compare(template.literalCount(), other.template.literalCount());
            return literals != 0 ? literals > 0 : order < other.order;
        }
    }

    private static final class Node<R> {
        private final Map<String, Node<R>> literals = new HashMap<>();
        private Node<R> wildcard;
        private Entry<R> template;
    }

    private final Node<R> root = new Node<>();

    TemplateTree(List<Entry<R>> entries) {
        entries.forEach(this::insert);
    }

    private void insert(Entry<R> entry) {
        Node<R> node = root;
        for (String segment : entry.template().segments()) {
            if (UrlTemplate.isWildcard(segment)) {
                if (node.wildcard == null) {
                    node.wildcard = new Node<>();
                }
                node = node.wildcard;
            } else {
                node = node.literals.computeIfAbsent(segment, s -> new Node<>());
            }
        }
        if (node.template == null || entry.beats(node.template)) {
            node.template = entry;
        }
    }

    /** The most specific template matching {@code segments}, or null. */
    Entry<R> best(List<String> segments) {
        return best(root, segments, 0, null);
    }

    private Entry<R> best(Node<R> node, List<String> segments, int index, Entry<R> bestSoFar) {
        if (index == segments.size()) {
            return node.template != null && (bestSoFar == null || node.template.beats(bestSoFar))
                    ? node.template
                    : bestSoFar;
        }
        String segment = segments.get(index);
        Entry<R> best = bestSoFar;
        Node<R> literal = node.literals.get(segment);
        if (literal != null) {
            best = best(literal, segments, index + 1, best);
        }
        if (node.wildcard != null && !segment.isEmpty()) {
            best = best(node.wildcard, segments, index + 1, best);
        }
        return best;
    }
}
