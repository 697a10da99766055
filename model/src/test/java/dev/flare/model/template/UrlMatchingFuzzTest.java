package dev.flare.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes resource templates against document URLs. An input is a template, a newline and a document URL (see
 * docs/fuzzing.md); the corpus in {@code UrlMatchingFuzzTestInputs} runs as a regression test on every build.
 */
class UrlMatchingFuzzTest {

    @FuzzTest(maxDuration = "5m")
    @Timeout(5)
    void shouldMatchOnlyUrlsThatReinterpolateToThemselves(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String templateText = newline < 0 ? text : text.substring(0, newline);
        String urlText = newline < 0 ? "" : text.substring(newline + 1);

        Optional<UrlTemplate> template = parse(() -> UrlTemplate.parse(templateText));
        Optional<DocumentUrl> url = parse(() -> DocumentUrl.parse(urlText));
        template.ifPresent(UrlMatchingFuzzTest::shouldMatchItsOwnInterpolations);
        if (template.isEmpty() || url.isEmpty()) {
            return;
        }
        Optional<Map<String, String>> wildcards = template.get().match(url.get());
        ResourceMatcher<String> matcher = new ResourceMatcher<>();
        matcher.add(template.get(), "resource");
        assertThat(matcher.match(url.get()).map(ResourceMatcher.Match::wildcards))
                .isEqualTo(wildcards);
        wildcards.ifPresent(values -> {
            assertThat(values.keySet()).containsExactlyElementsOf(template.get().wildcards());
            DocumentUrl rebuilt = DocumentUrl.parse(interpolate(template.get(), values));
            assertThat(template.get().match(rebuilt)).contains(values);
        });
    }

    /** Every template matches a URL made from it with any wildcard values, and gives those values back. */
    private static void shouldMatchItsOwnInterpolations(UrlTemplate template) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String name : template.wildcards()) {
            values.put(name, name + " /+%é");
        }
        String url = interpolate(template, values);
        if (url.length() > UrlTemplate.MAX_URL_LENGTH) {
            return;
        }
        assertThat(template.match(DocumentUrl.parse(url))).contains(values);
    }

    private static String interpolate(UrlTemplate template, Map<String, String> values) {
        String url = template.text();
        for (Map.Entry<String, String> value : values.entrySet()) {
            String encoded =
                    URLEncoder.encode(value.getValue(), StandardCharsets.UTF_8).replace("+", "%20");
            url = url.replace("{" + value.getKey() + "}", encoded);
        }
        return url;
    }

    private static <T> Optional<T> parse(java.util.function.Supplier<T> parser) {
        try {
            return Optional.of(parser.get());
        } catch (InvalidTemplateException e) {
            assertThat(e.problems()).isNotEmpty();
            return Optional.empty();
        }
    }
}
