package dev.flare.model.template;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** A document's URL, parsed once for matching against resource templates. */
public record DocumentUrl(String text, String origin, List<String> segments) {

    /**
     * Parses an absolute http(s) document URL.
     *
     * @throws InvalidTemplateException when it is not one
     */
    public static DocumentUrl parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidTemplateException(List.of("document URL is required"));
        }
        if (text.length() > UrlTemplate.MAX_URL_LENGTH) {
            throw new InvalidTemplateException(
                    List.of("document URL is longer than " + UrlTemplate.MAX_URL_LENGTH + " characters"));
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidTemplateException(List.of("document URL is not a valid URL: " + e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidTemplateException(List.of("document URL must be an absolute http or https URL"));
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        return new DocumentUrl(
                text, UrlTemplate.originOf(scheme, uri.getHost(), uri.getPort()), UrlTemplate.splitPath(rawPath));
    }
}
