package dev.flare.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flare.model.json.RawJson;
import java.time.Instant;

/**
 * The latest state of one document as the topology keeps it: a deleted document keeps its last revision as a
 * tombstone so an older write cannot resurrect it (spec §3 I5).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentState(
        String url,
        String resourceId,
        long revision,
        boolean deleted,
        boolean dateVersion,
        RawJson content,
        Instant updatedAt) {

    @JsonIgnore
    public Position position() {
        return new Position(revision, deleted);
    }
}
