package dev.flare.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResourceMatcherTest {

    private static final List<String> TEMPLATE_SEGMENTS = List.of("a", "b", "c", "{x}");
    private static final List<String> URL_SEGMENTS = List.of("a", "b", "c", "d", "");
    private static final List<String> HOSTS = List.of("http://h1", "http://h2:8080");

    @Test
    void shouldAgreeWithAScanOfEveryTemplateWhenTemplatesAreAddedAndRemovedAtRandom() {
        Random random = new Random(20261123);
        for (int round = 0; round < 200; round++) {
            ResourceMatcher<String> matcher = new ResourceMatcher<>();
            List<UrlTemplate> added = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                UrlTemplate template = randomTemplate(random);
                if (!added.isEmpty() && random.nextInt(4) == 0) {
                    UrlTemplate removed = added.get(random.nextInt(added.size()));
                    matcher.remove(removed);
                    added.removeIf(t -> t.text().equals(removed.text()));
                }
                matcher.add(template, template.text());
                added.add(template);
            }
            for (int i = 0; i < 50; i++) {
                DocumentUrl url = randomUrl(random);
                assertThat(matcher.match(url).map(ResourceMatcher.Match::resource))
                        .as("%s among %s", url, added)
                        .isEqualTo(scan(added, url));
            }
        }
    }

    @Test
    void shouldPreferMoreLiteralSegmentsOverAnEarlierLiteralPrefix() {
        ResourceMatcher<String> matcher = new ResourceMatcher<>();
        matcher.add(UrlTemplate.parse("http://h/a/{x}/{y}"), "one-literal");
        matcher.add(UrlTemplate.parse("http://h/{x}/b/c"), "two-literals");

        assertThat(matcher.match(DocumentUrl.parse("http://h/a/b/c"))).hasValueSatisfying(match -> {
            assertThat(match.resource()).isEqualTo("two-literals");
            assertThat(match.wildcards()).containsExactly(java.util.Map.entry("x", "a"));
        });
    }

    @Test
    void shouldKeepTheFirstAddedWhenTwoTemplatesAreEquallySpecific() {
        ResourceMatcher<String> matcher = new ResourceMatcher<>();
        matcher.add(UrlTemplate.parse("http://h/a/{x}"), "first");
        matcher.add(UrlTemplate.parse("http://h/{y}/b"), "second");

        assertThat(matcher.match(DocumentUrl.parse("http://h/a/b")))
                .map(ResourceMatcher.Match::resource)
                .contains("first");
    }

    @Test
    void shouldFindEachOfAThousandTemplatesOnOneHost() {
        ResourceMatcher<Integer> matcher = new ResourceMatcher<>();
        for (int i = 0; i < 1_000; i++) {
            matcher.add(UrlTemplate.parse("https://api.example.com/r" + i + "/{id}"), i);
        }

        for (int i = 0; i < 1_000; i++) {
            assertThat(matcher.match(DocumentUrl.parse("https://api.example.com/r" + i + "/42")))
                    .map(ResourceMatcher.Match::resource)
                    .contains(i);
        }
        assertThat(matcher.match(DocumentUrl.parse("https://api.example.com/unknown/42")))
                .isEmpty();
    }

    private static Optional<String> scan(List<UrlTemplate> templates, DocumentUrl url) {
        return templates.stream()
                .filter(t -> t.match(url).isPresent())
                .sorted(Comparator.comparingInt(UrlTemplate::literalCount).reversed())
                .map(UrlTemplate::text)
                .findFirst();
    }

    private static UrlTemplate randomTemplate(Random random) {
        StringBuilder text = new StringBuilder(HOSTS.get(random.nextInt(HOSTS.size())));
        int segments = 1 + random.nextInt(3);
        for (int i = 0; i < segments; i++) {
            String segment = TEMPLATE_SEGMENTS.get(random.nextInt(TEMPLATE_SEGMENTS.size()));
            text.append('/').append(segment.equals("{x}") ? "{x" + i + "}" : segment);
        }
        return UrlTemplate.parse(text.toString());
    }

    private static DocumentUrl randomUrl(Random random) {
        StringBuilder text = new StringBuilder(HOSTS.get(random.nextInt(HOSTS.size())));
        int segments = 1 + random.nextInt(3);
        for (int i = 0; i < segments; i++) {
            text.append('/').append(URL_SEGMENTS.get(random.nextInt(URL_SEGMENTS.size())));
        }
        return DocumentUrl.parse(text.toString());
    }
}
