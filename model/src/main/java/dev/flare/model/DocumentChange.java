package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flare.model.json.RawJson;
import java.time.Instant;

/**
 * A PUT or DELETE accepted by ingest, as written to the documents topic keyed by document URL. A delete carries no
 * revision of its own: it deletes whatever revision the document has.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentChange(
        String url,
        String resourceId,
        boolean deleted,
        long revision,
        boolean dateVersion,
        RawJson content,
        Instant receivedAt) {

    public static DocumentChange put(
            String url, String resourceId, long revision, boolean dateVersion, RawJson content, Instant at) {
        return new DocumentChange(url, resourceId, false, revision, dateVersion, content, at);
    }

    public static DocumentChange delete(String url, String resourceId, Instant at) {
        return new DocumentChange(url, resourceId, true, 0L, false, null, at);
    }
}
