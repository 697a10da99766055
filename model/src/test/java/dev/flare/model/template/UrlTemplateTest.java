package dev.flare.model.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlTemplateTest {

    @Test
    void shouldCaptureWildcardsWhenUrlMatches() {
        UrlTemplate template = UrlTemplate.parse("http://api.company.com/users/{id}/orders/{order}");

        assertThat(template.match(DocumentUrl.parse("http://API.company.com:80/users/42/orders/a%20b")))
                .contains(Map.of("id", "42", "order", "a b"));
        assertThat(template.wildcards()).containsExactly("id", "order");
    }

    @Test
    void shouldNotMatchWhenPortSchemeOrSegmentsDiffer() {
        UrlTemplate template = UrlTemplate.parse("http://api.company.com/users/{id}");

        assertThat(template.match(DocumentUrl.parse("https://api.company.com/users/42")))
                .isEmpty();
        assertThat(template.match(DocumentUrl.parse("http://api.company.com:8080/users/42")))
                .isEmpty();
        assertThat(template.match(DocumentUrl.parse("http://api.company.com/users/42/x")))
                .isEmpty();
        assertThat(template.match(DocumentUrl.parse("http://api.company.com/users/")))
                .isEmpty();
        assertThat(template.match(DocumentUrl.parse("http://api.company.com/people/42")))
                .isEmpty();
    }

    @Test
    void shouldReportEveryProblemWhenTemplateIsBad() {
        assertThatThrownBy(() -> UrlTemplate.parse("ftp:///users/x{id}/{a}/{a}?q=1"))
                .isInstanceOfSatisfying(
                        InvalidTemplateException.class,
                        e -> assertThat(e.problems())
                                .hasSize(5)
                                .anyMatch(p -> p.contains("http"))
                                .anyMatch(p -> p.contains("host"))
                                .anyMatch(p -> p.contains("query"))
                                .anyMatch(p -> p.contains("whole path segment"))
                                .anyMatch(p -> p.contains("more than once")));
    }

    @Test
    void shouldRejectRelativeAndOverlongUrls() {
        assertThatThrownBy(() -> UrlTemplate.parse("/users/{id}")).isInstanceOf(InvalidTemplateException.class);
        assertThatThrownBy(() -> UrlTemplate.parse("http://h/" + "a".repeat(UrlTemplate.MAX_URL_LENGTH)))
                .isInstanceOf(InvalidTemplateException.class);
        assertThatThrownBy(() -> DocumentUrl.parse("mailto:someone@example.com"))
                .isInstanceOf(InvalidTemplateException.class);
    }

    @Test
    void shouldRejectPercentEncodedBracesWhenTheyWouldPassForAWildcard() {
        assertThatThrownBy(() -> UrlTemplate.parse("http://h/users/%7Bid}"))
                .isInstanceOfSatisfying(
                        InvalidTemplateException.class,
                        e -> assertThat(e.problems()).anyMatch(p -> p.contains("percent-encoded braces")));
        assertThatThrownBy(() -> UrlTemplate.parse("http://h/users/%7bid%7d"))
                .isInstanceOf(InvalidTemplateException.class);
    }

    @Test
    void shouldGiveSameShapeToTemplatesThatDifferOnlyInWildcardNames() {
        assertThat(UrlTemplate.parse("http://h/users/{id}").shapeKey())
                .isEqualTo(UrlTemplate.parse("http://h:80/users/{user}").shapeKey());
    }

    @Test
    void shouldPreferTheMostSpecificTemplateWhenSeveralMatch() {
        ResourceMatcher<String> matcher = new ResourceMatcher<>();
        matcher.add(UrlTemplate.parse("http://h/users/{id}"), "any-user");
        matcher.add(UrlTemplate.parse("http://h/users/me"), "me");
        matcher.add(UrlTemplate.parse("http://other/users/{id}"), "other-host");

        assertThat(matcher.match(DocumentUrl.parse("http://h/users/me")))
                .map(ResourceMatcher.Match::resource)
                .contains("me");
        assertThat(matcher.match(DocumentUrl.parse("http://h/users/7")))
                .map(ResourceMatcher.Match::resource)
                .contains("any-user");
        assertThat(matcher.match(DocumentUrl.parse("http://h/orders/7"))).isEmpty();

        matcher.remove(UrlTemplate.parse("http://h/users/me"));
        assertThat(matcher.match(DocumentUrl.parse("http://h/users/me")))
                .map(ResourceMatcher.Match::resource)
                .contains("any-user");
    }
}
